// Every workflow the worker runs; the bundler starts here, so nothing with side effects may be imported.
export { passwordResetWorkflow } from './password-reset.workflow';
