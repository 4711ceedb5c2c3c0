import { refuse } from '../shared/errors';
import { isCurrency, MAX_PRICE_MINOR_UNITS } from '../shared/money';
import type { BillingAccountState } from './billing-account';
import type { BillingAccountEvent } from './billing-account-events';
import type { InvoiceComputation } from './invoice-calculation';

// Deciders for an account's billing stream. Who may ask is checked before; these keep the rules.

export const ALLOWANCE_REASON_MAX_LENGTH = 200;

/** Attaching the method already on file again records nothing. */
export function attachPaymentMethod(
  state: BillingAccountState,
  cmd: {
    accountId: string;
    stripeCustomerId: string;
    paymentMethodId: string;
    brand: string;
    last4: string;
    now: Date;
  },
): BillingAccountEvent[] {
  const current = state.paymentMethod;
  if (current?.paymentMethodId === cmd.paymentMethodId && state.stripeCustomerId === cmd.stripeCustomerId) return [];
  const { accountId, stripeCustomerId, paymentMethodId, brand, last4 } = cmd;
  return [
    {
      type: 'PaymentMethodAttached',
      data: { accountId, stripeCustomerId, paymentMethodId, brand, last4, at: cmd.now.toISOString() },
    },
  ];
}

interface AllowanceCommand {
  id: string;
  accountId: string;
  amount: number;
  currency: string;
  reason: string;
  /** The currency of the account's plan: allowances in any other could never be used. */
  planCurrency: string;
  now: Date;
}

/** An admin grants a credit to the account; the next invoice uses it. */
export function grantCredit(
  state: BillingAccountState,
  cmd: AllowanceCommand & { grantedBy: string },
): BillingAccountEvent[] {
  const { amount, currency, reason } = checkAllowance(state, cmd);
  return [
    {
      type: 'AccountCreditGranted',
      data: {
        creditId: cmd.id,
        accountId: cmd.accountId,
        amount,
        currency,
        reason,
        grantedBy: cmd.grantedBy,
        at: cmd.now.toISOString(),
      },
    },
  ];
}

/** A refund issued to the account: owed back, the next invoice is reduced by it. */
export function oweRefund(state: BillingAccountState, cmd: AllowanceCommand): BillingAccountEvent[] {
  const { amount, currency, reason } = checkAllowance(state, cmd);
  return [
    {
      type: 'AccountRefundOwed',
      data: { refundId: cmd.id, accountId: cmd.accountId, amount, currency, reason, at: cmd.now.toISOString() },
    },
  ];
}

function checkAllowance(state: BillingAccountState, cmd: AllowanceCommand) {
  if (state.open.some((a) => a.id === cmd.id)) return refuse('conflict', 'allowance_exists', 'Already recorded');
  if (!Number.isSafeInteger(cmd.amount) || cmd.amount <= 0) {
    return refuse('invalid', 'invalid_amount', 'amount must be a whole number of minor units, more than 0');
  }
  if (cmd.amount > MAX_PRICE_MINOR_UNITS) {
    return refuse('invalid', 'amount_too_large', `amount must be at most ${MAX_PRICE_MINOR_UNITS} minor units`);
  }
  if (!isCurrency(cmd.currency)) return refuse('invalid', 'invalid_currency', 'currency must be an ISO-4217 code');
  if (cmd.currency !== cmd.planCurrency) {
    return refuse(
      'invalid',
      'currency_mismatch',
      `The account is billed in ${cmd.planCurrency}; a ${cmd.currency} amount could never be used`,
    );
  }
  const reason = cmd.reason.trim();
  if (reason.length < 1 || reason.length > ALLOWANCE_REASON_MAX_LENGTH) {
    return refuse('invalid', 'invalid_reason', `reason must be 1 to ${ALLOWANCE_REASON_MAX_LENGTH} characters`);
  }
  return { amount: cmd.amount, currency: cmd.currency, reason };
}

/**
 * The allowances an invoice uses, once per invoice: CreditsConsumed, and a new allowance for the
 * unused remainder of one covering more than was due (ids chosen by the caller, deterministic).
 */
export function consumeAllowances(
  state: BillingAccountState,
  cmd: {
    accountId: string;
    invoiceId: string;
    computation: Pick<InvoiceComputation, 'consumed' | 'carried'>;
    remainderId: (fromId: string) => string;
    now: Date;
  },
): BillingAccountEvent[] {
  if (state.consumedBy[cmd.invoiceId]) return [];
  const { consumed, carried } = cmd.computation;
  if (consumed.creditIds.length === 0 && consumed.refundIds.length === 0) return [];
  const openIds = new Set(state.open.map((a) => a.id));
  const stale = [...consumed.creditIds, ...consumed.refundIds].filter((id) => !openIds.has(id));
  if (stale.length) return refuse('conflict', 'allowance_not_open', `Already used: ${stale.join(', ')}`);
  const at = cmd.now.toISOString();
  const events: BillingAccountEvent[] = [
    { type: 'CreditsConsumed', data: { invoiceId: cmd.invoiceId, ...consumed, at } },
  ];
  for (const rest of carried) {
    const id = cmd.remainderId(rest.fromId);
    const reason = `${rest.reason} (remainder)`.slice(0, ALLOWANCE_REASON_MAX_LENGTH);
    events.push(
      rest.kind === 'credit'
        ? {
            type: 'AccountCreditGranted',
            data: {
              creditId: id,
              accountId: cmd.accountId,
              amount: rest.amount,
              currency: rest.currency,
              reason,
              grantedBy: 'system',
              at,
            },
          }
        : {
            type: 'AccountRefundOwed',
            data: { refundId: id, accountId: cmd.accountId, amount: rest.amount, currency: rest.currency, reason, at },
          },
    );
  }
  return events;
}

/** Suspended for an uncollectible invoice (once per invoice). */
export function suspendAccount(
  state: BillingAccountState,
  cmd: { accountId: string; invoiceId: string; now: Date },
): BillingAccountEvent[] {
  if (state.suspendedFor.includes(cmd.invoiceId)) return [];
  return [
    {
      type: 'AccountSuspended',
      data: { accountId: cmd.accountId, invoiceId: cmd.invoiceId, at: cmd.now.toISOString() },
    },
  ];
}

/** The invoice the account was suspended for is paid: that suspension ends (the account is active when none is left). */
export function reactivateAccount(
  state: BillingAccountState,
  cmd: { accountId: string; invoiceId: string; now: Date },
): BillingAccountEvent[] {
  if (!state.suspendedFor.includes(cmd.invoiceId)) return [];
  return [
    {
      type: 'AccountReactivated',
      data: { accountId: cmd.accountId, invoiceId: cmd.invoiceId, at: cmd.now.toISOString() },
    },
  ];
}
