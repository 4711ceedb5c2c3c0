import PDFDocument from 'pdfkit';
import type { InvoicePaymentStatus } from '../../domain/billing/subscription-invoice';
import type { CustomerInvoiced } from '../../domain/billing/subscription-invoice-events';
import { periodEnd, periodLabel, periodStart } from '../../domain/billing/period';
import { ratePercent } from '../../domain/billing/invoice-calculation';
import { formatMoney } from './format-money';

export interface InvoicePdfInput {
  invoice: CustomerInvoiced['data'];
  seller: { name: string; address: string };
  customer: { name: string; accountId: string };
  paymentStatus: InvoicePaymentStatus;
  /** "visa •••• 4242", when a payment method is on file. */
  paymentMethod?: string;
}

const STATUS_TEXT: Record<InvoicePaymentStatus, string> = {
  issued: 'Payment due: will be charged to the payment method on file',
  paid: 'Paid',
  payment_failed: 'Payment failed: we will retry the charge',
  uncollectible: 'Uncollectible: the account is suspended until paid',
};

const day = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The invoice as a PDF (A4, the standard Helvetica fonts, so nothing is loaded from disk). The
 * document's dates come from the invoice, so the same invoice renders to the same bytes.
 */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const { invoice, seller, customer } = input;
  const issuedAt = new Date(invoice.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `Invoice ${invoice.number}`,
      Author: seller.name,
      Subject: `Subscription ${periodLabel(invoice.period)}`,
      CreationDate: issuedAt,
      ModDate: issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (amount: number) => formatMoney(amount, invoice.currency);
  const lastDay = new Date(periodEnd(invoice.period).getTime() - 86_400_000);

  doc.font('Helvetica-Bold').fontSize(18).text(seller.name);
  doc.font('Helvetica').fontSize(10);
  for (const line of seller.address.split(/\s*[,;\n]\s*/)) doc.text(line);
  doc.moveDown(2);

  doc.font('Helvetica-Bold').fontSize(16).text(`Invoice ${invoice.number}`);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`Issued: ${day(issuedAt)}`);
  doc.text(`Period: ${periodLabel(invoice.period)} (${day(periodStart(invoice.period))} to ${day(lastDay)})`);
  doc.moveDown();
  doc.font('Helvetica-Bold').text('Bill to');
  doc.font('Helvetica').text(customer.name);
  doc.text(`Account ${customer.accountId}`);
  doc.moveDown(1.5);

  const left = 50;
  const right = doc.page.width - 50;
  const amountWidth = 120;
  const row = (label: string, amount: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(label, left, y, { width: right - left - amountWidth - 10 });
    const after = doc.y;
    doc.text(amount, right - amountWidth, y, { width: amountWidth, align: 'right' });
    doc.y = Math.max(after, doc.y);
    doc.x = left;
  };
  row('Description', 'Amount', true);
  doc.moveTo(left, doc.y).lineTo(right, doc.y).stroke().moveDown(0.3);
  for (const line of invoice.lines.filter((l) => l.kind !== 'tax')) row(line.description, money(line.amount));
  doc.moveTo(left, doc.y).lineTo(right, doc.y).stroke().moveDown(0.3);
  row('Subtotal', money(invoice.subtotal));
  row(`Tax (${ratePercent(invoice.taxRateBps)})`, money(invoice.tax));
  row('Total', money(invoice.total), true);
  doc.moveDown(2);

  doc.font('Helvetica-Bold').text(`Payment status: ${STATUS_TEXT[input.paymentStatus]}`);
  if (input.paymentMethod) doc.font('Helvetica').text(`Payment method: ${input.paymentMethod}`);
  doc.end();
  return done;
}
