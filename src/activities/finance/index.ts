export { createFinanceActivities } from './finance.activities';
export type { FinanceActivityDeps } from './finance.activities';
