import type { OutgoingEmail } from '../../infra/mail/mailer';
import { escapeHtml } from '../email/escape-html';

export function concertCancelledEmail(input: {
  to: string;
  name: string;
  concertName: string;
  amount: number;
  currency: string;
}): OutgoingEmail {
  const refund = new Intl.NumberFormat('en', { style: 'currency', currency: input.currency }).format(
    input.amount / 10 ** minorDigits(input.currency),
  );
  const text =
    `Hello ${input.name},\n\n${input.concertName} has been cancelled. We are sorry.\n\n` +
    `Your order has been refunded in full (${refund}) to the card you paid with, and its tickets are no longer valid.\n`;
  const html =
    `<p>Hello ${escapeHtml(input.name)},</p><p><strong>${escapeHtml(input.concertName)}</strong> has been cancelled. ` +
    `We are sorry.</p><p>Your order has been refunded in full (${escapeHtml(refund)}) to the card you paid with, ` +
    `and its tickets are no longer valid.</p>`;
  return { to: input.to, subject: `Cancelled: ${input.concertName}`, text, html };
}

const minorDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
