import type { AccountEvent, AccountPackage } from '../../src/domain/accounts/account-events';
import { computeInvoice, taxOn, type OpenAllowance } from '../../src/domain/billing/invoice-calculation';
import { invoiceNumber, parseInvoiceNumber } from '../../src/domain/billing/invoice-number';
import { packageInForce } from '../../src/domain/billing/package-in-force';

const club: AccountPackage = {
  planId: 'p-club',
  planName: 'Club',
  monthlyPrice: 4900,
  currency: 'EUR',
  userLimit: 5,
  totalSeats: 2000,
};
const credit = (id: string, amount: number, currency = 'EUR'): OpenAllowance => ({
  id,
  kind: 'credit',
  amount,
  currency,
  reason: `credit ${id}`,
});
const refund = (id: string, amount: number, currency = 'EUR'): OpenAllowance => ({
  id,
  kind: 'refund',
  amount,
  currency,
  reason: `refund ${id}`,
});
const invoice = (allowances: OpenAllowance[], taxRateBps = 1900, pkg = club) =>
  computeInvoice({ pkg, period: '2026-11', allowances, taxRateBps });

describe('computeInvoice', () => {
  it('charges the plan price plus tax when nothing is owed to the account', () => {
    const result = invoice([]);
    expect(result.lines).toEqual([
      { kind: 'plan', description: 'Club plan, November 2026', amount: 4900 },
      { kind: 'tax', description: 'Tax 19%', amount: 931 },
    ]);
    expect(result).toMatchObject({ subtotal: 4900, tax: 931, total: 5831, currency: 'EUR', taxRateBps: 1900 });
    expect(result.consumed).toEqual({ creditIds: [], refundIds: [] });
  });

  it('deducts several credits oldest first and taxes what remains', () => {
    const result = invoice([credit('a', 1000), credit('b', 500)]);
    expect(result.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['plan', 4900],
      ['credit', -1000],
      ['credit', -500],
      ['tax', 646],
    ]);
    expect(result).toMatchObject({ subtotal: 3400, tax: 646, total: 4046 });
    expect(result.consumed.creditIds).toEqual(['a', 'b']);
    expect(result.carried).toEqual([]);
  });

  it('never goes below zero: a credit above the price is consumed whole and its remainder carried', () => {
    const result = invoice([credit('big', 6000), credit('untouched', 300)]);
    expect(result).toMatchObject({ subtotal: 0, tax: 0, total: 0 });
    expect(result.lines.map((l) => l.amount)).toEqual([4900, -4900, 0]);
    expect(result.consumed.creditIds).toEqual(['big']);
    expect(result.carried).toEqual([
      { kind: 'credit', fromId: 'big', amount: 1100, currency: 'EUR', reason: 'credit big' },
    ]);
  });

  it('applies refunds owed after credits, and carries a refund remainder as a refund', () => {
    const result = invoice([refund('r', 3000), credit('c', 2000)]);
    expect(result.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['plan', 4900],
      ['credit', -2000],
      ['refund', -2900],
      ['tax', 0],
    ]);
    expect(result.consumed).toEqual({ creditIds: ['c'], refundIds: ['r'] });
    expect(result.carried).toEqual([{ kind: 'refund', fromId: 'r', amount: 100, currency: 'EUR', reason: 'refund r' }]);
  });

  it('leaves credits and refunds in another currency open', () => {
    const result = invoice([credit('usd', 1000, 'USD'), refund('gbp', 500, 'GBP'), credit('eur', 400)]);
    expect(result.consumed).toEqual({ creditIds: ['eur'], refundIds: [] });
    expect(result.subtotal).toBe(4500);
  });

  it('consumes nothing for a free plan', () => {
    const result = invoice([credit('a', 1000)], 1900, { ...club, monthlyPrice: 0 });
    expect(result).toMatchObject({ subtotal: 0, total: 0 });
    expect(result.consumed.creditIds).toEqual([]);
  });

  it('the total is always the sum of the lines', () => {
    for (const allowances of [[], [credit('a', 1)], [credit('a', 4899)], [refund('r', 4900)], [credit('x', 99999)]]) {
      const result = invoice(allowances, 1950);
      expect(result.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(result.total);
      expect(result.total).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('tax rounding: half up to the minor unit', () => {
  it.each([
    [1000, 1900, 190],
    [1, 1900, 0], // 0.19
    [3, 1900, 1], // 0.57
    [50, 1000, 5],
    [25, 1000, 3], // 2.5 rounds up
    [15, 1000, 2], // 1.5 rounds up
    [14, 1000, 1], // 1.4 rounds down
    [4999, 700, 350], // 349.93
    [0, 1900, 0],
    [10_000_000_000, 10_000, 10_000_000_000],
  ])('%i at %i bps is %i', (amount, bps, tax) => {
    expect(taxOn(amount, bps)).toBe(tax);
  });

  it('shows a fractional rate in the tax line', () => {
    expect(invoice([], 750).lines.at(-1)).toEqual({ kind: 'tax', description: 'Tax 7.5%', amount: 368 });
  });
});

describe('packageInForce: plan changes take effect at the period boundary', () => {
  const band = { ...club, planId: 'p-band', planName: 'Band', monthlyPrice: 9900 };
  const arena = { ...club, planId: 'p-arena', planName: 'Arena', monthlyPrice: 29900 };
  const opened: AccountEvent = {
    type: 'AccountOpened',
    data: { accountId: 'a', name: 'A', package: club, ownerId: 'u', openedAt: '2026-10-10T10:00:00.000Z' },
  };
  const change = (pkg: AccountPackage, effectiveFrom: string): AccountEvent => ({
    type: 'AccountPlanChangeScheduled',
    data: { accountId: 'a', package: pkg, effectiveFrom, scheduledBy: 'u', scheduledAt: '2026-11-20T00:00:00.000Z' },
  });

  it('bills the old plan up to the last period before the change, the new one from it', () => {
    const events = [opened, change(band, '2026-12')];
    expect(packageInForce(events, '2026-11')?.planId).toBe('p-club');
    expect(packageInForce(events, '2026-12')?.planId).toBe('p-band');
    expect(packageInForce(events, '2027-05')?.planId).toBe('p-band');
  });

  it('a later change keeps the earlier one in force for the periods between', () => {
    const events = [opened, change(band, '2026-12'), change(arena, '2027-01')];
    expect(packageInForce(events, '2026-12')?.planId).toBe('p-band');
    expect(packageInForce(events, '2027-01')?.planId).toBe('p-arena');
  });

  it('a change rescheduled for the same period replaces the pending one (also cancelling it)', () => {
    const events = [opened, change(band, '2026-12'), change(club, '2026-12')];
    expect(packageInForce(events, '2026-12')?.planId).toBe('p-club');
  });

  it('knows no package for an account never opened', () => {
    expect(packageInForce([], '2026-11')).toBeUndefined();
  });
});

describe('invoice numbers', () => {
  it('are BO-<year>-<6-digit sequence>', () => {
    expect(invoiceNumber(2026, 123)).toBe('BO-2026-000123');
    expect(invoiceNumber(2027, 1)).toBe('BO-2027-000001');
    expect(invoiceNumber(2026, 1234567)).toBe('BO-2026-1234567');
    expect(parseInvoiceNumber('BO-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseInvoiceNumber('BO-26-1')).toBeUndefined();
  });

  it('refuse a sequence that is not a positive integer', () => {
    expect(() => invoiceNumber(2026, 0)).toThrow(RangeError);
    expect(() => invoiceNumber(2026, 1.5)).toThrow(RangeError);
  });
});
