import type { Infrastructure } from '../infra/infrastructure';
import { createBillingActivities } from './billing';
import { createEmailActivities } from './email';
import { createFinanceActivities } from './finance';
import { createPasswordResetActivities } from './identity/password-reset.activities';
import { createPaymentActivities } from './payments/payment.activities';
import { createCheckoutActivities } from './orders/checkout.activities';
import { createConcertCancellationActivities } from './orders/concert-cancellation.activities';
import { createTicketActivities } from './tickets/tickets.activities';
import { createSupportTicketActivities } from './support-tickets';
import { createSupportContractActivities } from './support-contracts';

/** Every activity the worker registers, built from the shared infrastructure. */
export function createActivities(infra: Infrastructure) {
  return {
    ...createEmailActivities(infra),
    ...createPasswordResetActivities(infra),
    ...createPaymentActivities(infra),
    ...createFinanceActivities(infra),
    ...createCheckoutActivities(infra),
    ...createConcertCancellationActivities(infra),
    ...createTicketActivities(infra),
    ...createBillingActivities(infra),
    ...createSupportTicketActivities(infra),
    ...createSupportContractActivities(infra),
  };
}

export type Activities = ReturnType<typeof createActivities>;
