import fc from 'fast-check';
import {
  purchaseInvoice,
  purchaseInvoiceNumber,
  type InvoicedOrder,
  type PurchaseInvoice,
} from '../../src/domain/finance/purchase-invoice';
import { issuePurchaseInvoice } from '../../src/domain/finance/purchase-invoice-decisions';
import type { PurchaseInvoiceEvent } from '../../src/domain/finance/purchase-invoice-events';
import {
  evolvePurchaseInvoice,
  initialPurchaseInvoiceState,
  type PurchaseInvoiceState,
} from '../../src/domain/finance/purchase-invoice-state';
import type { OrderLine } from '../../src/domain/orders/order-events';
import { refusalCode } from '../support/refusal';

const billing = { name: 'Ada Lovelace', email: 'ada@example.test' };
const line = (overrides: Partial<OrderLine> = {}): OrderLine => ({
  concertId: 'c-1',
  accountId: 'a-1',
  concertName: 'Winter Tour',
  ticketLevel: 'GA',
  levelName: 'General admission',
  quantity: 2,
  unitPrice: 4500,
  currency: 'EUR',
  ...overrides,
});
const order = (lines: OrderLine[], total?: InvoicedOrder['total']): InvoicedOrder => ({
  orderId: 'o-1',
  customerId: 'u-1',
  lines,
  ...(total && { total }),
});
const given = (...events: PurchaseInvoiceEvent[]): PurchaseInvoiceState =>
  events.reduce(evolvePurchaseInvoice, initialPurchaseInvoiceState());

describe('purchase invoice', () => {
  it('has one line per order line, amount = quantity × unit price, total = sum of lines', () => {
    const invoice = purchaseInvoice(
      order([line(), line({ ticketLevel: 'VIP', levelName: 'VIP lounge', quantity: 3, unitPrice: 12_050 })], {
        amount: 45_150,
        currency: 'EUR',
      }),
      billing,
    );
    expect(invoice).toEqual({
      orderId: 'o-1',
      customerId: 'u-1',
      lines: [
        {
          concertId: 'c-1',
          concertName: 'Winter Tour',
          ticketLevel: 'GA',
          levelName: 'General admission',
          quantity: 2,
          unitPrice: 4500,
          amount: 9000,
        },
        {
          concertId: 'c-1',
          concertName: 'Winter Tour',
          ticketLevel: 'VIP',
          levelName: 'VIP lounge',
          quantity: 3,
          unitPrice: 12_050,
          amount: 36_150,
        },
      ],
      total: 45_150,
      currency: 'EUR',
      billingInfo: billing,
    });
  });

  it('keeps free tickets on the invoice at zero', () => {
    const invoice = purchaseInvoice(order([line({ unitPrice: 0, quantity: 4 }), line({ ticketLevel: 'B' })]), billing);
    expect(invoice.lines.map((l) => [l.quantity, l.amount])).toEqual([
      [4, 0],
      [2, 9000],
    ]);
    expect(invoice.total).toBe(9000);
  });

  it('totals any order exactly: the sum of its lines, each quantity × unit price', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 10 }),
            unitPrice: fc.integer({ min: 0, max: 10_000_000_000 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (specs) => {
          const lines = specs.map((s, i) => line({ ticketLevel: `L${i}`, ...s }));
          const invoice = purchaseInvoice(order(lines), billing);
          expect(invoice.lines.map((l) => l.quantity)).toEqual(specs.map((s) => s.quantity));
          expect(invoice.lines.map((l) => l.amount)).toEqual(specs.map((s) => s.quantity * s.unitPrice));
          expect(invoice.total).toBe(invoice.lines.reduce((sum, l) => sum + l.amount, 0));
          expect(Number.isSafeInteger(invoice.total)).toBe(true);
        },
      ),
    );
  });

  it('refuses lines in more than one currency', () => {
    expect(refusalCode(() => purchaseInvoice(order([line(), line({ currency: 'USD' })]), billing))).toEqual({
      kind: 'invalid',
      code: 'mixed_currencies',
    });
  });

  it('refuses an unknown currency', () => {
    expect(refusalCode(() => purchaseInvoice(order([line({ currency: 'XYZ' })]), billing))).toEqual({
      kind: 'invalid',
      code: 'invalid_currency',
    });
  });

  it('refuses an order without lines', () => {
    expect(refusalCode(() => purchaseInvoice(order([]), billing))).toEqual({
      kind: 'invalid',
      code: 'invoice_without_lines',
    });
  });

  it.each([
    ['a line amount past 2^53', [line({ quantity: 3, unitPrice: 2 ** 52 })]],
    ['a total past 2^53', [line({ quantity: 1, unitPrice: 2 ** 52 }), line({ quantity: 1, unitPrice: 2 ** 52 })]],
  ])('refuses %s rather than round it', (_, lines) => {
    expect(refusalCode(() => purchaseInvoice(order(lines), billing))).toEqual({
      kind: 'invalid',
      code: 'amount_too_large',
    });
  });

  it.each([
    ['a fractional unit price', { unitPrice: 10.5 }, 'invalid_amount'],
    ['a negative unit price', { unitPrice: -1 }, 'invalid_amount'],
    ['an unsafe unit price', { unitPrice: 2 ** 53 }, 'invalid_amount'],
    ['a zero quantity', { quantity: 0 }, 'invalid_quantity'],
    ['a fractional quantity', { quantity: 1.5 }, 'invalid_quantity'],
  ])('refuses %s', (_, overrides, code) => {
    expect(refusalCode(() => purchaseInvoice(order([line(overrides)]), billing))).toEqual({ kind: 'invalid', code });
  });

  it.each([
    ['amount', { amount: 9001, currency: 'EUR' }],
    ['currency', { amount: 9000, currency: 'USD' }],
  ])('refuses lines that disagree with the charged total (%s)', (_, total) => {
    expect(refusalCode(() => purchaseInvoice(order([line()], total), billing))).toEqual({
      kind: 'invalid',
      code: 'invoice_total_mismatch',
    });
  });

  describe('number', () => {
    const id = '5c4d3e2f-1a0b-5c9d-8e7f-6a5b4c3d2e1f';

    it('is BOP, the year issued (UTC) and the first 8 hex digits of the id, upper case', () => {
      expect(purchaseInvoiceNumber(id, new Date('2026-12-31T23:30:00Z'))).toBe('BOP-2026-5C4D3E2F');
      expect(purchaseInvoiceNumber(id, new Date('2027-01-01T00:00:00Z'))).toBe('BOP-2027-5C4D3E2F');
    });

    it('grows to a longer part of the id on demand, up to the whole id', () => {
      expect(purchaseInvoiceNumber(id, new Date('2026-06-01T00:00:00Z'), 12)).toBe('BOP-2026-5C4D3E2F1A0B');
      expect(purchaseInvoiceNumber(id, new Date('2026-06-01T00:00:00Z'), 32)).toBe(
        'BOP-2026-5C4D3E2F1A0B5C9D8E7F6A5B4C3D2E1F',
      );
    });
  });

  describe('issuing', () => {
    const invoice: PurchaseInvoice = purchaseInvoice(order([line()]), billing);
    const issuedAt = new Date('2026-11-21T15:00:00.000Z');
    const cmd = { invoice, invoiceId: 'i-1', number: 'BOP-2026-ABCDEF12', issuedAt };

    it('records OrderInvoiced with the invoice, its id, number and time', () => {
      expect(issuePurchaseInvoice(given(), cmd)).toEqual([
        {
          type: 'OrderInvoiced',
          data: {
            invoiceId: 'i-1',
            number: 'BOP-2026-ABCDEF12',
            orderId: 'o-1',
            customerId: 'u-1',
            lines: invoice.lines,
            total: 9000,
            currency: 'EUR',
            billingInfo: billing,
            issuedAt: '2026-11-21T15:00:00.000Z',
          },
        },
      ]);
    });

    it('never issues a second invoice for the order', () => {
      const state = given(...issuePurchaseInvoice(given(), cmd));
      expect(state.invoice?.invoiceId).toBe('i-1');
      expect(issuePurchaseInvoice(state, { ...cmd, invoiceId: 'i-2', issuedAt: new Date() })).toEqual([]);
    });
  });
});
