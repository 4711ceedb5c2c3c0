import { refuse } from '../shared/errors';
import { evolvePayment, type PaymentState } from './payment';
import type { PaymentEvent, PaymentRefunded } from './payment-events';

// Deciders for the payment of one order. Stripe delivers webhooks at least once and in any order,
// so every outcome decision is idempotent: a duplicate or late outcome yields no events, never an
// error. The rules:
// - Succeeded is final: nothing after it but one refund. A failure reported after it is ignored.
// - Failed is not final: Stripe reports `payment_intent.succeeded` after `payment_failed` when the
//   customer retries (another card, 3-D Secure again), and that money is real, so the success is
//   recorded (and the caller refunds it if the order no longer wants it).
// - A success after a cancellation is recorded too, for the same reason: whatever we believed,
//   money Stripe says it took must be on record so it can be given back.

export interface PaymentRef {
  paymentId: string;
  orderId: string;
}

/** What the provider answered to a charge, as the domain sees it. */
export type ChargeResult =
  | { status: 'succeeded'; intentId: string }
  | { status: 'requires_action'; intentId: string }
  | { status: 'failed'; intentId?: string; failureCode: string; failureMessage: string; declineCode?: string };

export interface RecordChargeCommand extends PaymentRef {
  customerId: string;
  amount: number;
  currency: string;
  paymentMethodId: string;
  idempotencyKey: string;
  result: ChargeResult;
  now: Date;
}

/**
 * Records a charge and what the provider answered. Once a charge is recorded, another (a retry of
 * the same operation) records nothing.
 */
export function recordCharge(state: PaymentState, cmd: RecordChargeCommand): PaymentEvent[] {
  if (state.requested) return [];
  const { paymentId, orderId, result, now } = cmd;
  const events: PaymentEvent[] = [];
  let next = state;
  // A decline can come before any intent exists (nothing to point at): then only the failure is recorded.
  if (result.intentId) {
    const requested: PaymentEvent = {
      type: 'PaymentRequested',
      data: {
        paymentId,
        orderId,
        customerId: cmd.customerId,
        amount: cmd.amount,
        currency: cmd.currency,
        intentId: result.intentId,
        paymentMethodId: cmd.paymentMethodId,
        idempotencyKey: cmd.idempotencyKey,
        requestedAt: now.toISOString(),
      },
    };
    events.push(requested);
    next = evolvePayment(next, requested);
  }
  const ref = { paymentId, orderId };
  switch (result.status) {
    case 'succeeded':
      return [
        ...events,
        ...succeed(next, { ...ref, intentId: result.intentId, amount: cmd.amount, currency: cmd.currency, now }),
      ];
    case 'requires_action':
      return [...events, ...requireAction(next, { ...ref, intentId: result.intentId, now })];
    case 'failed':
      return [...events, ...fail(next, { ...ref, ...result, now })];
  }
}

/** The customer must act before the provider can decide; only a pending payment waits for that. */
export function requireAction(state: PaymentState, cmd: PaymentRef & { intentId: string; now: Date }): PaymentEvent[] {
  if (state.status !== 'Pending' || state.actionRequired) return [];
  return [
    {
      type: 'PaymentActionRequired',
      data: { paymentId: cmd.paymentId, orderId: cmd.orderId, intentId: cmd.intentId, at: cmd.now.toISOString() },
    },
  ];
}

export interface SucceedCommand extends PaymentRef {
  intentId: string;
  /** The order's total: used when no PaymentRequested recorded what was asked for. */
  amount: number;
  currency: string;
  now: Date;
}

/** The provider took the money. A second report of it (or of any success) changes nothing. */
export function succeed(state: PaymentState, cmd: SucceedCommand): PaymentEvent[] {
  if (state.status === 'Succeeded' || state.status === 'Refunded') return [];
  return [
    {
      type: 'PaymentSucceeded',
      data: {
        paymentId: cmd.paymentId,
        orderId: cmd.orderId,
        intentId: cmd.intentId,
        amount: state.amount ?? cmd.amount,
        currency: state.currency ?? cmd.currency,
        succeededAt: cmd.now.toISOString(),
      },
    },
  ];
}

export interface FailCommand extends PaymentRef {
  intentId?: string;
  failureCode: string;
  failureMessage: string;
  declineCode?: string;
  now: Date;
}

/** The attempt failed. Ignored once the payment has any outcome (the first failure, a success, a cancel). */
export function fail(state: PaymentState, cmd: FailCommand): PaymentEvent[] {
  if (state.status !== 'None' && state.status !== 'Pending') return [];
  const intentId = cmd.intentId ?? state.intentId;
  return [
    {
      type: 'PaymentFailed',
      data: {
        paymentId: cmd.paymentId,
        orderId: cmd.orderId,
        ...(intentId && { intentId }),
        failureCode: cmd.failureCode,
        failureMessage: cmd.failureMessage,
        ...(cmd.declineCode && { declineCode: cmd.declineCode }),
        failedAt: cmd.now.toISOString(),
      },
    },
  ];
}

/**
 * Whether an intent exists that could still take money and should be cancelled at the provider:
 * a pending one, or a failed one (a customer may still retry it).
 */
export const isCancellable = (state: PaymentState): boolean =>
  (state.status === 'Pending' || state.status === 'Failed') && state.intentId !== undefined;

/** Records that the provider cancelled the intent. Refused once money was taken: refund instead. */
export function cancel(state: PaymentState, cmd: PaymentRef & { now: Date }): PaymentEvent[] {
  if (state.status === 'Cancelled') return [];
  if (state.status === 'Succeeded' || state.status === 'Refunded') {
    refuse('conflict', 'payment_already_succeeded', 'The payment succeeded: refund it instead of cancelling');
  }
  if (!isCancellable(state)) refuse('conflict', 'payment_not_requested', 'No payment intent exists to cancel');
  return [
    {
      type: 'PaymentCancelled',
      data: {
        paymentId: cmd.paymentId,
        orderId: cmd.orderId,
        intentId: state.intentId as string,
        cancelledAt: cmd.now.toISOString(),
      },
    },
  ];
}

export interface RefundCommand extends PaymentRef {
  refundId: string;
  reason: PaymentRefunded['data']['reason'];
  now: Date;
}

/** A succeeded payment is refunded in full, once; a second refund records nothing. */
export function refund(state: PaymentState, cmd: RefundCommand): PaymentEvent[] {
  if (state.status === 'Refunded') return [];
  if (state.status !== 'Succeeded') {
    refuse('conflict', 'payment_not_succeeded', 'Only a succeeded payment can be refunded');
  }
  return [
    {
      type: 'PaymentRefunded',
      data: {
        paymentId: cmd.paymentId,
        orderId: cmd.orderId,
        intentId: state.intentId as string,
        refundId: cmd.refundId,
        amount: state.amount as number,
        currency: state.currency as string,
        reason: cmd.reason,
        refundedAt: cmd.now.toISOString(),
      },
    },
  ];
}
