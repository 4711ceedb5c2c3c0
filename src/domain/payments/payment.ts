import type { PaymentEvent, PaymentRefunded, PaymentStatus } from './payment-events';

/** The payment of one order, folded from its stream. `None`: nothing recorded yet. */
export interface PaymentState {
  status: 'None' | PaymentStatus;
  paymentId?: string;
  orderId?: string;
  /** True once PaymentRequested is recorded (a webhook's outcome can be recorded before it). */
  requested: boolean;
  /** The intent that decides the outcome: the succeeded one once there is one. */
  intentId?: string;
  amount?: number;
  currency?: string;
  /** The customer was asked to act (3-D Secure); the outcome comes by webhook. */
  actionRequired: boolean;
  failure?: { code: string; message: string; declineCode?: string };
  refund?: Pick<PaymentRefunded['data'], 'refundId' | 'amount' | 'currency' | 'reason' | 'refundedAt'>;
}

export const initialPaymentState = (): PaymentState => ({ status: 'None', requested: false, actionRequired: false });

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  const ids = { paymentId: event.data.paymentId, orderId: event.data.orderId };
  switch (event.type) {
    case 'PaymentRequested': {
      const { intentId, amount, currency } = event.data;
      return {
        ...state,
        ...ids,
        requested: true,
        // An outcome recorded first (from a webhook) already named the intent that counts.
        intentId: state.intentId ?? intentId,
        amount: state.amount ?? amount,
        currency: state.currency ?? currency,
        status: state.status === 'None' ? 'Pending' : state.status,
      };
    }
    case 'PaymentActionRequired':
      return { ...state, ...ids, actionRequired: true, intentId: state.intentId ?? event.data.intentId };
    case 'PaymentSucceeded': {
      const { intentId, amount, currency } = event.data;
      return { ...state, ...ids, status: 'Succeeded', intentId, amount, currency, failure: undefined };
    }
    case 'PaymentFailed': {
      const { intentId, failureCode, failureMessage, declineCode } = event.data;
      return {
        ...state,
        ...ids,
        status: 'Failed',
        intentId: state.intentId ?? intentId,
        failure: { code: failureCode, message: failureMessage, ...(declineCode && { declineCode }) },
      };
    }
    case 'PaymentCancelled':
      return { ...state, ...ids, status: 'Cancelled' };
    case 'PaymentRefunded': {
      const { refundId, amount, currency, reason, refundedAt } = event.data;
      return { ...state, ...ids, status: 'Refunded', refund: { refundId, amount, currency, reason, refundedAt } };
    }
  }
}

/** Money was taken (and may since have been refunded). */
export const wasCharged = (state: PaymentState): boolean => state.status === 'Succeeded' || state.status === 'Refunded';
