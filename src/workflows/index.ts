// Every workflow the worker runs; the bundler starts here, so nothing with side effects may be imported.
export { passwordResetWorkflow } from './password-reset.workflow';
export { latePaymentWorkflow } from './late-payment.workflow';
export { courierSimulationWorkflow } from './courier-simulation.workflow';
export { checkoutWorkflow } from './checkout.workflow';
export { concertCancellationWorkflow } from './concert-cancellation.workflow';
export { invoiceAccountWorkflow } from './invoice-account.workflow';
export { billingRunWorkflow, scheduledBillingRunWorkflow } from './billing-run.workflow';
export { supportTicketWorkflow } from './support-ticket.workflow';
export { supportContractSyncWorkflow } from './support-contract-sync.workflow';
