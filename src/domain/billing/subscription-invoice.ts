import type { CustomerInvoiced, SubscriptionInvoiceEvent } from './subscription-invoice-events';

export type InvoicePaymentStatus = 'issued' | 'paid' | 'payment_failed' | 'uncollectible';

export interface SubscriptionInvoiceState {
  invoice?: CustomerInvoiced['data'];
  pdf?: { sha256: string; bytes: number };
  paid?: { amount: number; intentId: string | null; attempt: number; at: string };
  /** Failed charge attempts by attempt number. */
  failures: Record<number, { failureCode: string; failureMessage: string; nextAttemptAt: string | null }>;
  dunningNotices: number[];
  uncollectible: boolean;
  emailed?: { messageKey: string };
}

export const initialSubscriptionInvoiceState = (): SubscriptionInvoiceState => ({
  failures: {},
  dunningNotices: [],
  uncollectible: false,
});

/** Paid wins over everything (a late payment settles an uncollectible invoice); then uncollectible; then the last attempt. */
export function paymentStatusOf(state: SubscriptionInvoiceState): InvoicePaymentStatus {
  if (state.paid) return 'paid';
  if (state.uncollectible) return 'uncollectible';
  return Object.keys(state.failures).length ? 'payment_failed' : 'issued';
}

export function evolveSubscriptionInvoice(
  state: SubscriptionInvoiceState,
  event: SubscriptionInvoiceEvent,
): SubscriptionInvoiceState {
  switch (event.type) {
    case 'CustomerInvoiced':
      return { ...state, invoice: event.data };
    case 'InvoicePdfGenerated':
      return { ...state, pdf: { sha256: event.data.sha256, bytes: event.data.bytes } };
    case 'InvoicePaid': {
      const { amount, intentId, attempt, at } = event.data;
      return { ...state, paid: { amount, intentId, attempt, at } };
    }
    case 'InvoicePaymentFailed': {
      const { attempt, failureCode, failureMessage, nextAttemptAt } = event.data;
      return { ...state, failures: { ...state.failures, [attempt]: { failureCode, failureMessage, nextAttemptAt } } };
    }
    case 'DunningNoticeSent':
      return { ...state, dunningNotices: [...state.dunningNotices, event.data.attempt] };
    case 'InvoiceUncollectible':
      return { ...state, uncollectible: true };
    case 'InvoiceEmailed':
      return { ...state, emailed: { messageKey: event.data.messageKey } };
  }
}
