import type { OpenAllowance } from './invoice-calculation';
import type { BillingAccountEvent } from './billing-account-events';

export interface PaymentMethodOnFile {
  paymentMethodId: string;
  brand: string;
  last4: string;
}

export interface BillingAccountState {
  accountId?: string;
  /** Kept once created: every later payment method is attached to the same customer. */
  stripeCustomerId?: string;
  paymentMethod?: PaymentMethodOnFile;
  /** Credits and refunds owed and not yet used by an invoice, in the order they were granted. */
  open: OpenAllowance[];
  /** Invoices that have used credits (each does so at most once). */
  consumedBy: Record<string, true>;
  /** Uncollectible invoices the account is suspended for: suspended while any is left. */
  suspendedFor: string[];
}

export const initialBillingAccountState = (): BillingAccountState => ({ open: [], consumedBy: {}, suspendedFor: [] });

export const isSuspended = (state: BillingAccountState): boolean => state.suspendedFor.length > 0;

export function evolveBillingAccount(state: BillingAccountState, event: BillingAccountEvent): BillingAccountState {
  switch (event.type) {
    case 'PaymentMethodAttached': {
      const { accountId, stripeCustomerId, paymentMethodId, brand, last4 } = event.data;
      return { ...state, accountId, stripeCustomerId, paymentMethod: { paymentMethodId, brand, last4 } };
    }
    case 'AccountCreditGranted': {
      const { creditId: id, accountId, amount, currency, reason } = event.data;
      return { ...state, accountId, open: [...state.open, { id, kind: 'credit', amount, currency, reason }] };
    }
    case 'AccountRefundOwed': {
      const { refundId: id, accountId, amount, currency, reason } = event.data;
      return { ...state, accountId, open: [...state.open, { id, kind: 'refund', amount, currency, reason }] };
    }
    case 'CreditsConsumed': {
      const used = new Set([...event.data.creditIds, ...event.data.refundIds]);
      return {
        ...state,
        open: state.open.filter((a) => !used.has(a.id)),
        consumedBy: { ...state.consumedBy, [event.data.invoiceId]: true },
      };
    }
    case 'AccountSuspended':
      return {
        ...state,
        accountId: event.data.accountId,
        suspendedFor: [...state.suspendedFor.filter((id) => id !== event.data.invoiceId), event.data.invoiceId],
      };
    case 'AccountReactivated':
      return { ...state, suspendedFor: state.suspendedFor.filter((id) => id !== event.data.invoiceId) };
  }
}
