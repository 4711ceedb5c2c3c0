import { escapeHtml } from '../email/escape-html';
import type { OutgoingEmail } from '../../infra/mail/mailer';
import { periodLabel } from '../../domain/billing/period';
import type { CustomerInvoiced } from '../../domain/billing/subscription-invoice-events';
import { formatMoney } from './format-money';

const paragraphs = (text: string): string =>
  text
    .trim()
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');

/** The invoice with its PDF; says whether it is paid or the charge failed. */
export function invoiceEmail(input: {
  to: string;
  accountName: string;
  invoice: CustomerInvoiced['data'];
  paid: boolean;
  failureMessage?: string;
  pdf: Buffer;
}): OutgoingEmail {
  const { invoice } = input;
  const total = formatMoney(invoice.total, invoice.currency);
  const period = periodLabel(invoice.period);
  const outcome = input.paid
    ? invoice.total === 0
      ? 'Nothing is due this month, so nothing was charged: the invoice is paid.'
      : `Paid: ${total} was charged to your payment method on file.`
    : `Payment failed: we could not charge ${total} to your payment method on file` +
      `${input.failureMessage ? ` (${input.failureMessage})` : ''}. We will try again; ` +
      'please check or update your payment method.';
  const text =
    `Hello ${input.accountName},\n\nYour Boxoffice invoice ${invoice.number} for ${period} is attached.\n\n` +
    `Total: ${total}\n\n${outcome}\n`;
  return {
    to: input.to,
    subject: `Boxoffice invoice ${invoice.number} (${period}): ${input.paid ? 'paid' : 'payment failed'}`,
    text,
    html: paragraphs(text),
    attachments: [
      { filename: `${invoice.number}.pdf`, type: 'application/pdf', content: input.pdf.toString('base64') },
    ],
  };
}

/** A dunning notice: the charge failed again, and when it is retried next (or that it will not be). */
export function dunningEmail(input: {
  to: string;
  accountName: string;
  invoice: CustomerInvoiced['data'];
  attempt: number;
  failureMessage?: string;
  nextAttemptAt: string | null;
}): OutgoingEmail {
  const { invoice } = input;
  const total = formatMoney(invoice.total, invoice.currency);
  const next = input.nextAttemptAt
    ? `We will try again on ${input.nextAttemptAt.replace('T', ' ').slice(0, 16)} UTC.`
    : 'This was the last attempt: unless the invoice is paid, the account will be suspended and its concerts stop selling.';
  const text =
    `Hello ${input.accountName},\n\nPayment failed: we could not charge ${total} for invoice ${invoice.number} ` +
    `(${periodLabel(invoice.period)})${input.failureMessage ? `: ${input.failureMessage}` : ''}.\n\n${next}\n\n` +
    'Please update your payment method.\n';
  return {
    to: input.to,
    subject: `Payment failed for Boxoffice invoice ${invoice.number}`,
    text,
    html: paragraphs(text),
  };
}
