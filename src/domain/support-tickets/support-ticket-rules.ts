import { refuse } from '../shared/errors';
import type { SupportQueue } from './support-ticket-events';

/** Lengths after trimming, in UTF-16 code units (what the API and the database count). */
export const SUPPORT_TICKET_LIMITS = {
  subjectMax: 200,
  bodyMax: 10_000,
} as const;

/**
 * Which queue a new ticket joins. A ticket that names an order is about that order (its payment,
 * tickets or delivery), so it goes to the staff who can look orders up; everything else is general.
 */
export function routeSupportTicket(ticket: { orderId: string | null }): SupportQueue {
  return ticket.orderId ? 'orders' : 'general';
}

/** The text as stored: trimmed, not empty, within its limit. */
export function supportText(field: 'subject' | 'body', text: string): string {
  const max = field === 'subject' ? SUPPORT_TICKET_LIMITS.subjectMax : SUPPORT_TICKET_LIMITS.bodyMax;
  const trimmed = text.trim();
  if (trimmed.length === 0) return refuse('invalid', `${field}_empty`, `The ${field} must not be empty`);
  if (trimmed.length > max)
    return refuse('invalid', `${field}_too_long`, `The ${field} is longer than ${max} characters`);
  return trimmed;
}
