import { escapeHtml } from '../email/escape-html';
import type { OutgoingEmail } from '../../infra/mail/mailer';

export function passwordResetEmail(input: {
  to: string;
  name: string;
  link: string;
  expiresAt?: string;
}): OutgoingEmail {
  const expiry = input.expiresAt ? ` It expires at ${input.expiresAt.replace('T', ' ').slice(0, 16)} UTC.` : '';
  const text =
    `Hello ${input.name},\n\nSomeone asked to reset the password of your Boxoffice account. ` +
    `To choose a new password, open this link:\n\n${input.link}\n\nThe link works once.${expiry}\n` +
    `If you did not ask for this, ignore this email: your password stays as it is.\n`;
  const html =
    `<p>Hello ${escapeHtml(input.name)},</p><p>Someone asked to reset the password of your Boxoffice account.</p>` +
    `<p><a href="${escapeHtml(input.link)}">Choose a new password</a></p>` +
    `<p>The link works once.${escapeHtml(expiry)} If you did not ask for this, ignore this email.</p>`;
  return { to: input.to, subject: 'Reset your Boxoffice password', text, html };
}
