import type { OutgoingEmail } from '../../infra/mail/mailer';
import { escapeHtml } from '../email/escape-html';

// The emails a customer gets about a support ticket. Subject and body are the customer's (or staff's)
// own text: escaped in HTML, and the subject kept on one line for the mail header.

export interface SupportTicketEmailContext {
  to: string;
  name: string;
  ticketId: string;
  subject: string;
  /** The ticket's page; it carries no secret (it needs the customer's sign-in). */
  link: string;
}

export const supportMessageKeys = {
  acknowledgement: (ticketId: string) => `support-ticket-${ticketId}-acknowledgement`,
  reply: (replyId: string) => `support-ticket-reply-${replyId}`,
  closed: (ticketId: string) => `support-ticket-${ticketId}-closed`,
};

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function acknowledgementEmail(ctx: SupportTicketEmailContext): OutgoingEmail {
  const text =
    `Hello ${ctx.name},\n\nWe received your support request "${oneLine(ctx.subject)}" and a member of our ` +
    `support team will answer you by email.\n\nReference: ${ctx.ticketId}\nYour request online: ${ctx.link}\n`;
  const html =
    `<p>Hello ${escapeHtml(ctx.name)},</p>` +
    `<p>We received your support request <strong>${escapeHtml(oneLine(ctx.subject))}</strong> and a member of ` +
    'our support team will answer you by email.</p>' +
    `<p>Reference: ${escapeHtml(ctx.ticketId)}</p><p><a href="${escapeHtml(ctx.link)}">Your request online</a></p>`;
  return { to: ctx.to, subject: `We received your request: ${oneLine(ctx.subject)}`, text, html };
}

export function replyEmail(ctx: SupportTicketEmailContext & { reply: string }): OutgoingEmail {
  const text =
    `Hello ${ctx.name},\n\nOur support team answered your request "${oneLine(ctx.subject)}":\n\n${ctx.reply}\n\n` +
    `Reference: ${ctx.ticketId}\nYour request online: ${ctx.link}\n`;
  const html =
    `<p>Hello ${escapeHtml(ctx.name)},</p>` +
    `<p>Our support team answered your request <strong>${escapeHtml(oneLine(ctx.subject))}</strong>:</p>` +
    `<blockquote style="white-space:pre-wrap">${escapeHtml(ctx.reply)}</blockquote>` +
    `<p>Reference: ${escapeHtml(ctx.ticketId)}</p><p><a href="${escapeHtml(ctx.link)}">Your request online</a></p>`;
  return { to: ctx.to, subject: `Re: ${oneLine(ctx.subject)}`, text, html };
}

export function closedEmail(ctx: SupportTicketEmailContext): OutgoingEmail {
  const text =
    `Hello ${ctx.name},\n\nWe closed your support request "${oneLine(ctx.subject)}". If you need more help, ` +
    `send us a new request.\n\nReference: ${ctx.ticketId}\nYour request online: ${ctx.link}\n`;
  const html =
    `<p>Hello ${escapeHtml(ctx.name)},</p>` +
    `<p>We closed your support request <strong>${escapeHtml(oneLine(ctx.subject))}</strong>. ` +
    'If you need more help, send us a new request.</p>' +
    `<p>Reference: ${escapeHtml(ctx.ticketId)}</p><p><a href="${escapeHtml(ctx.link)}">Your request online</a></p>`;
  return { to: ctx.to, subject: `Closed: ${oneLine(ctx.subject)}`, text, html };
}
