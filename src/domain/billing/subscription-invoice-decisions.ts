import { refuse } from '../shared/errors';
import type { SubscriptionInvoiceState } from './subscription-invoice';
import type { CustomerInvoiced, SubscriptionInvoiceEvent } from './subscription-invoice-events';

// Deciders for one subscription invoice. Every fact is recorded at most once, so retried steps
// (and a workflow re-run) decide nothing new.

export function issueInvoice(
  state: SubscriptionInvoiceState,
  data: CustomerInvoiced['data'],
): SubscriptionInvoiceEvent[] {
  if (state.invoice) return refuse('conflict', 'invoice_exists', `Invoice ${state.invoice.number} is issued already`);
  return [{ type: 'CustomerInvoiced', data }];
}

function requireInvoice(state: SubscriptionInvoiceState): CustomerInvoiced['data'] {
  return state.invoice ?? refuse('not_found', 'invoice_not_found', 'Invoice not found');
}

export function recordPdf(
  state: SubscriptionInvoiceState,
  cmd: { sha256: string; bytes: number; now: Date },
): SubscriptionInvoiceEvent[] {
  const { invoiceId } = requireInvoice(state);
  if (state.pdf) return [];
  return [
    {
      type: 'InvoicePdfGenerated',
      data: { invoiceId, sha256: cmd.sha256, bytes: cmd.bytes, at: cmd.now.toISOString() },
    },
  ];
}

/** Paid once: a second success (another attempt, a late webhook) records nothing. */
export function recordPaid(
  state: SubscriptionInvoiceState,
  cmd: { attempt: number; intentId: string | null; now: Date },
): SubscriptionInvoiceEvent[] {
  const { invoiceId, total } = requireInvoice(state);
  if (state.paid) return [];
  return [
    {
      type: 'InvoicePaid',
      data: { invoiceId, amount: total, intentId: cmd.intentId, attempt: cmd.attempt, at: cmd.now.toISOString() },
    },
  ];
}

export function recordPaymentFailure(
  state: SubscriptionInvoiceState,
  cmd: { attempt: number; failureCode: string; failureMessage: string; nextAttemptAt: Date | null; now: Date },
): SubscriptionInvoiceEvent[] {
  const { invoiceId } = requireInvoice(state);
  if (state.paid || state.failures[cmd.attempt]) return [];
  return [
    {
      type: 'InvoicePaymentFailed',
      data: {
        invoiceId,
        attempt: cmd.attempt,
        failureCode: cmd.failureCode,
        failureMessage: cmd.failureMessage,
        nextAttemptAt: cmd.nextAttemptAt?.toISOString() ?? null,
        at: cmd.now.toISOString(),
      },
    },
  ];
}

export function recordDunningNotice(
  state: SubscriptionInvoiceState,
  cmd: { attempt: number; now: Date },
): SubscriptionInvoiceEvent[] {
  const { invoiceId } = requireInvoice(state);
  if (state.dunningNotices.includes(cmd.attempt)) return [];
  return [{ type: 'DunningNoticeSent', data: { invoiceId, attempt: cmd.attempt, at: cmd.now.toISOString() } }];
}

/** A paid invoice is never uncollectible. */
export function markUncollectible(state: SubscriptionInvoiceState, cmd: { now: Date }): SubscriptionInvoiceEvent[] {
  const { invoiceId } = requireInvoice(state);
  if (state.paid || state.uncollectible) return [];
  return [{ type: 'InvoiceUncollectible', data: { invoiceId, at: cmd.now.toISOString() } }];
}

export function recordEmailed(
  state: SubscriptionInvoiceState,
  cmd: { messageKey: string; now: Date },
): SubscriptionInvoiceEvent[] {
  const { invoiceId } = requireInvoice(state);
  if (state.emailed) return [];
  return [{ type: 'InvoiceEmailed', data: { invoiceId, messageKey: cmd.messageKey, at: cmd.now.toISOString() } }];
}
