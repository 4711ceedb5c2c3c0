import type { OutgoingEmail } from '../../infra/mail/mailer';
import { escapeHtml } from '../email/escape-html';

export interface TicketEmailInput {
  to: string;
  name: string;
  concertName: string;
  levelName: string;
  admission: number;
  /** The code shown (or QR-encoded) at the door. */
  code: string;
  /** The ticket's page; it carries no secret (it needs the holder's sign-in). */
  link: string;
  /** What the catalog knows of the concert, when it still does. */
  concert?: { venue: string; city: string; startsAt: string };
}

/** The ticket itself: its code is the only secret in it. */
export function ticketEmail(input: TicketEmailInput): OutgoingEmail {
  const where = input.concert
    ? `${input.concert.venue}, ${input.concert.city} — ${input.concert.startsAt.replace('T', ' ').slice(0, 16)} UTC`
    : undefined;
  const text =
    `Hello ${input.name},\n\nHere is your ticket for ${input.concertName}.\n\n` +
    (where ? `When and where: ${where}\n` : '') +
    `Level: ${input.levelName}\nAdmission: ${input.admission}\n\n` +
    `Ticket code: ${input.code}\n\nShow this code at the door; it admits one person, once. ` +
    `Keep it to yourself: whoever has it can use it.\n\nYour ticket online: ${input.link}\n`;
  const html =
    `<p>Hello ${escapeHtml(input.name)},</p>` +
    `<p>Here is your ticket for <strong>${escapeHtml(input.concertName)}</strong>.</p>` +
    '<table>' +
    (where ? `<tr><td>When and where</td><td>${escapeHtml(where)}</td></tr>` : '') +
    `<tr><td>Level</td><td>${escapeHtml(input.levelName)}</td></tr>` +
    `<tr><td>Admission</td><td>${input.admission}</td></tr>` +
    '</table>' +
    `<p>Ticket code:</p><p style="font-family:monospace;font-size:18px;letter-spacing:1px">${escapeHtml(input.code)}</p>` +
    '<p>Show this code at the door; it admits one person, once. Keep it to yourself: whoever has it can use it.</p>' +
    `<p><a href="${escapeHtml(input.link)}">Your ticket online</a></p>`;
  return { to: input.to, subject: `Your ticket: ${input.concertName}`, text, html };
}
