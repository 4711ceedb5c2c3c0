import { ApplicationFailure } from '@temporalio/common';
import type { PaymentGateway } from '../../application/payments/payment-gateway';
import { PaymentCommands } from '../../application/payments/payment-commands';
import { paymentIdOf } from '../../application/payments/payment-id';
import { orderStreamId, type OrderPlaced } from '../../domain/orders/order-events';
import { wasCharged, type PaymentState } from '../../domain/payments/payment';
import { cancel, fail, isCancellable, recordCharge, refund, succeed } from '../../domain/payments/payment-decisions';
import { paymentStreamId, type PaymentRefunded } from '../../domain/payments/payment-events';
import type { EventStore } from '../../infra/event-store/event-store';
import { checkoutWorkflowId } from '../../workflows/checkout.contract';
import { latePaymentWorkflowId } from '../../workflows/late-payment.contract';
import { refusalsFinal as run } from '../refusals';
import { providerCall as provider } from './provider-call';

export interface PaymentActivityDeps {
  eventStore: EventStore;
  paymentGateway: PaymentGateway;
}

/** Where the checkout stands with the payment after asking for it. */
export interface PaymentStep {
  status: 'succeeded' | 'requires_action' | 'failed';
  paymentId: string;
  intentId?: string;
  failureCode?: string;
  failureMessage?: string;
}

export interface PaymentOutcomeInput {
  orderId: string;
  intentId: string;
  outcome: 'succeeded' | 'failed';
  failureCode?: string;
  failureMessage?: string;
}

export type RefundReason = PaymentRefunded['data']['reason'];

/** How a payment that arrived after its checkout ended was settled. */
export type LatePaymentSettlement =
  | { outcome: 'refunded'; refundId: string }
  /** The order is paid: this is its payment, kept. */
  | { outcome: 'kept' }
  /** No such order here (another environment sharing the Stripe account, say): left alone. */
  | { outcome: 'unknown_order' };

// One key per business operation, so no retry (of the activity, the SDK or the workflow) does it twice.
const keys = {
  charge: (orderId: string) => `order-${orderId}-payment`,
  cancel: (orderId: string) => `order-${orderId}-cancel`,
  refund: (orderId: string) => `order-${orderId}-refund`,
};

/** The payment of each order, at Stripe and on `payment-<orderId>`. Every activity is idempotent. */
export function createPaymentActivities(deps: PaymentActivityDeps) {
  const { eventStore, paymentGateway: gateway } = deps;
  const payments = new PaymentCommands(eventStore);

  const orderOf = async (orderId: string) => {
    const events = await eventStore.readStream(orderStreamId(orderId));
    const placed = events.find((e) => e.type === 'OrderPlaced')?.data as OrderPlaced['data'] | undefined;
    return placed && { placed, paid: events.some((e) => e.type === 'OrderPaid') };
  };
  const requireOrder = async (orderId: string) => {
    const order = await orderOf(orderId);
    if (!order) throw ApplicationFailure.nonRetryable(`Order ${orderId} was never placed`, 'OrderNotFound');
    return order.placed;
  };
  /** Event ids follow from the operation, so a retried step finds its events written and writes nothing. */
  const options = (orderId: string, step: string, correlationId = checkoutWorkflowId(orderId)) => ({
    operationId: `${paymentStreamId(orderId)}:${step}`,
    metadata: { correlationId, actor: 'system' },
  });

  /** Records that `intentId` took the money (nothing when that is known already). */
  const recordSuccess = async (
    orderId: string,
    intentId: string,
    placed: OrderPlaced['data'],
    correlationId?: string,
  ) => {
    const { state } = await run(() =>
      payments.execute(
        orderId,
        (s) =>
          succeed(s, {
            paymentId: paymentIdOf(orderId),
            orderId,
            intentId,
            amount: placed.total.amount,
            currency: placed.total.currency,
            now: new Date(),
          }),
        options(orderId, `outcome:${intentId}:succeeded`, correlationId),
      ),
    );
    return state;
  };

  const refundPayment = async (input: { orderId: string; reason: RefundReason }, correlationId?: string) => {
    const { orderId } = input;
    const { state } = await payments.load(orderId);
    if (state.status === 'Refunded') return { refundId: state.refund!.refundId };
    if (state.status !== 'Succeeded') return null;
    const { refundId } = await provider(() =>
      gateway.refund({
        intentId: state.intentId!,
        idempotencyKey: keys.refund(orderId),
        reason: 'requested_by_customer',
      }),
    );
    const { state: after } = await run(() =>
      payments.execute(
        orderId,
        (s) =>
          s.status === 'Succeeded'
            ? refund(s, { paymentId: paymentIdOf(orderId), orderId, refundId, reason: input.reason, now: new Date() })
            : [],
        options(orderId, 'refund', correlationId),
      ),
    );
    return { refundId: after.refund?.refundId ?? refundId };
  };

  return {
    /**
     * Charges the order's total with its payment method (once: the idempotency key is the order's)
     * and records the request with what Stripe answered. A retry answers what was recorded.
     */
    async requestPayment(input: { orderId: string }): Promise<PaymentStep> {
      const { orderId } = input;
      const placed = await requireOrder(orderId);
      const paymentId = paymentIdOf(orderId);
      const { state } = await payments.load(orderId);
      if (state.status !== 'None') return stepOf(state, paymentId);

      const amount = placed.total.amount;
      const currency = placed.total.currency;
      const idempotencyKey = keys.charge(orderId);
      const result = await provider(() =>
        gateway.charge({
          amount,
          currency,
          paymentMethodId: placed.paymentMethodId,
          idempotencyKey,
          metadata: { orderId, paymentId },
          description: `Boxoffice order ${orderId}`,
        }),
      );
      const { state: after } = await run(() =>
        payments.execute(
          orderId,
          (s) =>
            recordCharge(s, {
              paymentId,
              orderId,
              customerId: placed.customerId,
              amount,
              currency,
              paymentMethodId: placed.paymentMethodId,
              idempotencyKey,
              result,
              now: new Date(),
            }),
          options(orderId, 'charge'),
        ),
      );
      return stepOf(after, paymentId);
    },

    /** What a webhook said about the intent. Duplicates and late arrivals record nothing. */
    async recordPaymentOutcome(input: PaymentOutcomeInput): Promise<void> {
      const { orderId, intentId } = input;
      const placed = await requireOrder(orderId);
      if (input.outcome === 'succeeded') {
        await recordSuccess(orderId, intentId, placed);
        return;
      }
      await run(() =>
        payments.execute(
          orderId,
          (s) =>
            fail(s, {
              paymentId: paymentIdOf(orderId),
              orderId,
              intentId,
              failureCode: input.failureCode ?? 'payment_failed',
              failureMessage: input.failureMessage ?? 'The payment did not go through',
              now: new Date(),
            }),
          options(orderId, `outcome:${intentId}:failed`),
        ),
      );
    },

    /**
     * Makes sure no money will be taken: cancels an intent that has not succeeded. Answers
     * `succeeded` when it is too late (the money was taken: refund it), `none` when no intent exists.
     */
    async cancelPayment(input: { orderId: string }): Promise<'none' | 'cancelled' | 'succeeded'> {
      const { orderId } = input;
      const { state } = await payments.load(orderId);
      if (wasCharged(state)) return 'succeeded';
      if (state.status === 'Cancelled') return 'cancelled';
      if (!isCancellable(state)) return 'none';

      const answer = await provider(() => gateway.cancel(state.intentId!, keys.cancel(orderId)));
      if (answer === 'succeeded') {
        await recordSuccess(orderId, state.intentId!, await requireOrder(orderId));
        return 'succeeded';
      }
      const { state: after } = await run(() =>
        payments.execute(
          orderId,
          // A success recorded meanwhile is Stripe's word, and it wins: the caller refunds it.
          (s) => (wasCharged(s) ? [] : cancel(s, { paymentId: paymentIdOf(orderId), orderId, now: new Date() })),
          options(orderId, 'cancel'),
        ),
      );
      return wasCharged(after) ? 'succeeded' : 'cancelled';
    },

    /** Refunds a succeeded payment in full, once. Null when nothing was charged. */
    refundPayment: (input: { orderId: string; reason: RefundReason }): Promise<{ refundId: string } | null> =>
      refundPayment(input),

    /**
     * A payment that succeeded after its checkout ended: recorded, then refunded unless the order is
     * paid (money is never kept for an order that did not get its tickets).
     */
    async settleLatePayment(input: { orderId: string; intentId: string }): Promise<LatePaymentSettlement> {
      const { orderId, intentId } = input;
      const order = await orderOf(orderId);
      if (!order) return { outcome: 'unknown_order' };
      const correlationId = latePaymentWorkflowId(intentId);
      await recordSuccess(orderId, intentId, order.placed, correlationId);
      if (order.paid) return { outcome: 'kept' };
      const refunded = await refundPayment({ orderId, reason: 'late_payment' }, correlationId);
      if (!refunded) throw new Error(`Payment of order ${orderId} was recorded as succeeded but cannot be refunded`);
      return { outcome: 'refunded', refundId: refunded.refundId };
    },
  };
}

function stepOf(state: PaymentState, paymentId: string): PaymentStep {
  const intent = state.intentId ? { intentId: state.intentId } : {};
  switch (state.status) {
    case 'Succeeded':
    case 'Refunded':
      return { status: 'succeeded', paymentId, ...intent };
    case 'Pending':
      return { status: 'requires_action', paymentId, ...intent };
    case 'Failed':
      return {
        status: 'failed',
        paymentId,
        ...intent,
        failureCode: state.failure?.code ?? 'payment_failed',
        failureMessage: state.failure?.message ?? 'The payment did not go through',
      };
    case 'Cancelled':
      return {
        status: 'failed',
        paymentId,
        ...intent,
        failureCode: 'payment_cancelled',
        failureMessage: 'The payment was cancelled',
      };
    case 'None':
      throw new Error('No payment recorded');
  }
}
