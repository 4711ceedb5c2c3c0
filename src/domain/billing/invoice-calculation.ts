import type { AccountPackage } from '../accounts/account-events';
import { periodLabel } from './period';
import type { InvoiceLine } from './subscription-invoice-events';

/** A credit or a refund owed to the account, not yet used by an invoice. */
export interface OpenAllowance {
  id: string;
  kind: 'credit' | 'refund';
  amount: number;
  currency: string;
  reason: string;
}

export interface InvoiceComputation {
  lines: InvoiceLine[];
  /** Plan price less credits and refunds: the taxable amount, never below 0. */
  subtotal: number;
  tax: number;
  total: number;
  currency: string;
  taxRateBps: number;
  /** Credits and refunds this invoice uses up, each one whole. */
  consumed: { creditIds: string[]; refundIds: string[] };
  /** What is left of the one allowance only partly needed, owed again under a new id. */
  carried: Array<{ kind: 'credit' | 'refund'; fromId: string; amount: number; currency: string; reason: string }>;
}

export const BPS_PER_UNIT = 10_000;

/**
 * Tax on `amount` (minor units, 0 or more) at `rateBps` basis points, rounded half up to the minor
 * unit: 0.5 of a cent and above rounds up, below rounds down. Integer arithmetic only.
 */
export function taxOn(amount: number, rateBps: number): number {
  return Math.floor((amount * rateBps + BPS_PER_UNIT / 2) / BPS_PER_UNIT);
}

/** "19%", "7.5%", from basis points. */
export const ratePercent = (rateBps: number): string => `${rateBps / 100}%`;

/**
 * One month's invoice in pure arithmetic (DOMAIN §10): the plan price for the period, less credits
 * (oldest first), then refunds owed (oldest first), never below zero, plus tax on what remains.
 *
 * Only allowances in the plan's currency apply; the others stay open. Allowances are used up whole
 * and only while something is left to pay: the one that covers more than is left is consumed and its
 * unused remainder carried as a new allowance of the same kind (so nothing owed is ever lost, and
 * no allowance is ever half-used); those not needed at all stay open untouched.
 */
export function computeInvoice(input: {
  pkg: AccountPackage;
  period: string;
  allowances: readonly OpenAllowance[];
  taxRateBps: number;
}): InvoiceComputation {
  const { pkg, period, taxRateBps } = input;
  const currency = pkg.currency;
  const lines: InvoiceLine[] = [
    { kind: 'plan', description: `${pkg.planName} plan, ${periodLabel(period)}`, amount: pkg.monthlyPrice },
  ];
  const consumed = { creditIds: [] as string[], refundIds: [] as string[] };
  const carried: InvoiceComputation['carried'] = [];
  let due = pkg.monthlyPrice;
  const ordered = [
    ...input.allowances.filter((a) => a.kind === 'credit'),
    ...input.allowances.filter((a) => a.kind === 'refund'),
  ];
  for (const allowance of ordered) {
    if (due === 0) break;
    if (allowance.currency !== currency || allowance.amount <= 0) continue;
    const used = Math.min(allowance.amount, due);
    due -= used;
    lines.push({
      kind: allowance.kind,
      description: `${allowance.kind === 'credit' ? 'Credit' : 'Refund owed'}: ${allowance.reason}`,
      amount: -used,
    });
    (allowance.kind === 'credit' ? consumed.creditIds : consumed.refundIds).push(allowance.id);
    if (used < allowance.amount) {
      carried.push({
        kind: allowance.kind,
        fromId: allowance.id,
        amount: allowance.amount - used,
        currency,
        reason: allowance.reason,
      });
    }
  }
  const subtotal = due;
  const tax = taxOn(subtotal, taxRateBps);
  lines.push({ kind: 'tax', description: `Tax ${ratePercent(taxRateBps)}`, amount: tax });
  return { lines, subtotal, tax, total: subtotal + tax, currency, taxRateBps, consumed, carried };
}
