export { createBillingActivities } from './billing.activities';
export type { BillingActivityDeps } from './billing.activities';
