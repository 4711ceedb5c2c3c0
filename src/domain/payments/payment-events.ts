// Facts about the payment of one order, on its own stream (`payment-<orderId>`). Only Stripe ids are
// kept: never card numbers, never client secrets.

export type PaymentStatus = 'Pending' | 'Succeeded' | 'Failed' | 'Refunded' | 'Cancelled';

/** A PaymentIntent was created (and confirmed) at the provider for this order. */
export type PaymentRequested = {
  type: 'PaymentRequested';
  data: {
    paymentId: string;
    orderId: string;
    customerId: string;
    amount: number;
    currency: string;
    /** The provider's PaymentIntent id (`pi_…`). */
    intentId: string;
    paymentMethodId: string;
    /** The key sent to the provider: one per order, so no retry can charge twice. */
    idempotencyKey: string;
    requestedAt: string;
  };
};
/** The provider needs the customer (3-D Secure and the like); the outcome arrives by webhook. */
export type PaymentActionRequired = {
  type: 'PaymentActionRequired';
  data: { paymentId: string; orderId: string; intentId: string; at: string };
};
export type PaymentSucceeded = {
  type: 'PaymentSucceeded';
  data: { paymentId: string; orderId: string; intentId: string; amount: number; currency: string; succeededAt: string };
};
export type PaymentFailed = {
  type: 'PaymentFailed';
  data: {
    paymentId: string;
    orderId: string;
    intentId?: string;
    failureCode: string;
    failureMessage: string;
    /** The issuer's reason when a card was declined (`insufficient_funds`, `lost_card`…). */
    declineCode?: string;
    failedAt: string;
  };
};
/** The intent was cancelled before it succeeded: nothing was charged. */
export type PaymentCancelled = {
  type: 'PaymentCancelled';
  data: { paymentId: string; orderId: string; intentId: string; cancelledAt: string };
};
export type PaymentRefunded = {
  type: 'PaymentRefunded';
  data: {
    paymentId: string;
    orderId: string;
    intentId: string;
    /** The provider's refund id (`re_…`). */
    refundId: string;
    amount: number;
    currency: string;
    reason: 'late_payment' | 'concert_cancelled' | 'order_cancelled';
    refundedAt: string;
  };
};

export type PaymentEvent =
  PaymentRequested | PaymentActionRequired | PaymentSucceeded | PaymentFailed | PaymentCancelled | PaymentRefunded;

export const PAYMENT_EVENT_TYPES: ReadonlyArray<PaymentEvent['type']> = [
  'PaymentRequested',
  'PaymentActionRequired',
  'PaymentSucceeded',
  'PaymentFailed',
  'PaymentCancelled',
  'PaymentRefunded',
];

export const PAYMENT_STREAM_TYPE = 'payment';
export const paymentStreamId = (orderId: string): string => `payment-${orderId}`;
