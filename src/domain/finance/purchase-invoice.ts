import type { OrderLine } from '../orders/order-events';
import { refuse } from '../shared/errors';
import { isCurrency, type Money } from '../shared/money';
import type { BillingInfo, PurchaseInvoiceLine } from './purchase-invoice-events';

/** What an invoice needs to know about a paid order (OrderPlaced holds all of it). */
export interface InvoicedOrder {
  orderId: string;
  customerId: string;
  lines: readonly OrderLine[];
  /** The total the customer was charged; when given, the lines must add up to it. */
  total?: Money;
}

/** The content of a purchase invoice: what was bought, what it cost, and who pays. */
export interface PurchaseInvoice {
  orderId: string;
  customerId: string;
  lines: PurchaseInvoiceLine[];
  total: number;
  currency: string;
  billingInfo: BillingInfo;
}

/**
 * Computes the invoice of a paid order: one line per order line (amount = quantity × unit price) and
 * total = sum of the lines, all in the order's single currency and in exact integer minor units.
 * Anything that would make the arithmetic inexact or the invoice disagree with the charge is refused.
 */
export function purchaseInvoice(order: InvoicedOrder, billing: BillingInfo): PurchaseInvoice {
  if (order.lines.length === 0) refuse('invalid', 'invoice_without_lines', `Order ${order.orderId} has no lines`);
  const currency = order.lines[0].currency;
  if (!isCurrency(currency)) refuse('invalid', 'invalid_currency', `"${currency}" is not an ISO-4217 currency`);
  const lines = order.lines.map((line, i): PurchaseInvoiceLine => {
    const at = `lines.${i}`;
    if (line.currency !== currency) {
      refuse('invalid', 'mixed_currencies', `${at} is in ${line.currency}, the order in ${currency}`);
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      refuse('invalid', 'invalid_quantity', `${at}.quantity must be a whole number of at least 1`);
    }
    if (!Number.isSafeInteger(line.unitPrice) || line.unitPrice < 0) {
      refuse('invalid', 'invalid_amount', `${at}.unitPrice must be a whole, non-negative number of minor units`);
    }
    return {
      concertId: line.concertId,
      concertName: line.concertName,
      ticketLevel: line.ticketLevel,
      levelName: line.levelName,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      amount: exact(line.quantity * line.unitPrice, `${at} amount`),
    };
  });
  const total = lines.reduce((sum, line) => exact(sum + line.amount, 'total'), 0);
  if (order.total && (order.total.currency !== currency || order.total.amount !== total)) {
    refuse(
      'invalid',
      'invoice_total_mismatch',
      `The lines add up to ${total} ${currency}, but the order was charged ${order.total.amount} ${order.total.currency}`,
    );
  }
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    lines,
    total,
    currency,
    billingInfo: { name: billing.name, email: billing.email },
  };
}

/** Past 2^53 integers stop being exact in JavaScript (and in JSON readers): refuse rather than round. */
function exact(amount: number, what: string): number {
  if (!Number.isSafeInteger(amount)) {
    refuse('invalid', 'amount_too_large', `The ${what} exceeds the largest exact amount`);
  }
  return amount;
}

/** Lengths of the id part of a number, shortest first: a longer one is used only if a shorter is taken. */
export const INVOICE_NUMBER_LENGTHS = [8, 12, 16, 32] as const;

/**
 * A readable invoice number from the invoice id and the year it was issued, e.g. `BOP-2026-1A2B3C4D`.
 * Eight hex digits collide now and then among many invoices of a year, so whoever issues one falls
 * back to a longer part when the short number is taken; the whole id (32 digits) is unique.
 */
export function purchaseInvoiceNumber(
  invoiceId: string,
  issuedAt: Date,
  length: number = INVOICE_NUMBER_LENGTHS[0],
): string {
  const hex = invoiceId.replace(/-/g, '').toUpperCase();
  return `BOP-${issuedAt.getUTCFullYear()}-${hex.slice(0, length)}`;
}
