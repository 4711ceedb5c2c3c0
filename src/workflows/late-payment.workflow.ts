import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { LatePaymentSettlement } from '../activities/payments/payment.activities';
import type { LatePaymentInput } from './late-payment.contract';

const payments = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  // Stripe may be down for a while; the money must still go back, so keep trying.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' },
});

/**
 * A payment Stripe reported as succeeded after the order's checkout had ended (the hold expired,
 * the customer cancelled): recorded, and refunded unless the order is paid. Never kept silently.
 */
export async function latePaymentWorkflow(input: LatePaymentInput): Promise<LatePaymentSettlement> {
  return payments.settleLatePayment(input);
}
