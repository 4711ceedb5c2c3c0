import { refuse } from '../shared/errors';
import type { SupportTicketState } from './support-ticket';
import type {
  SupportTicketAcknowledged,
  SupportTicketClosed,
  SupportTicketReplied,
  SupportTicketRouted,
  SupportTicketSubmitted,
} from './support-ticket-events';
import { routeSupportTicket, supportText } from './support-ticket-rules';

// Deciders for support tickets. `now` is an input, so every decision is reproducible. Repeating a
// fact the ticket already records decides nothing: the workflow's activities may run twice.

export const SUPPORT_TICKET_CODES = {
  notFound: 'support_ticket_not_found',
  closed: 'ticket_closed',
  keyReused: 'idempotency_key_reused',
  conflictingSubmission: 'support_ticket_exists',
} as const;

/** Records the ticket and routes it to its queue, in one step. */
export function submitSupportTicket(
  state: SupportTicketState,
  cmd: SupportTicketSubmitted['data'] & { now: Date },
): Array<SupportTicketSubmitted | SupportTicketRouted> {
  const subject = supportText('subject', cmd.subject);
  const body = supportText('body', cmd.body);
  const data: SupportTicketSubmitted['data'] = {
    ticketId: cmd.ticketId,
    customerId: cmd.customerId,
    orderId: cmd.orderId,
    subject,
    body,
    submittedAt: cmd.submittedAt,
  };
  if (state.ticket) {
    if (sameSubmission(state.ticket, data)) return [];
    return refuse('conflict', SUPPORT_TICKET_CODES.conflictingSubmission, 'Another ticket has this id already');
  }
  return [
    { type: 'SupportTicketSubmitted', data },
    { type: 'SupportTicketRouted', data: { queue: routeSupportTicket(data), at: cmd.now.toISOString() } },
  ];
}

export function acknowledgeSupportTicket(
  state: SupportTicketState,
  cmd: { messageKey: string; providerMessageId: string; now: Date },
): SupportTicketAcknowledged[] {
  requireTicket(state);
  if (state.acknowledgedAt) return [];
  return [
    {
      type: 'SupportTicketAcknowledged',
      data: { messageKey: cmd.messageKey, providerMessageId: cmd.providerMessageId, at: cmd.now.toISOString() },
    },
  ];
}

/**
 * A staff reply. The same reply id again is the same reply (a retry): nothing new, unless its text
 * differs, which means the client reused an idempotency key for another reply.
 */
export function replyToSupportTicket(
  state: SupportTicketState,
  cmd: { replyId: string; staffId: string; body: string; now: Date },
): SupportTicketReplied[] {
  requireTicket(state);
  const body = supportText('body', cmd.body);
  const earlier = state.replies.find((r) => r.replyId === cmd.replyId);
  if (earlier) {
    if (earlier.body === body) return [];
    return refuse('invalid', SUPPORT_TICKET_CODES.keyReused, 'This Idempotency-Key was used for another reply');
  }
  if (state.closedAt) return refuse('conflict', SUPPORT_TICKET_CODES.closed, 'The ticket is closed');
  return [
    {
      type: 'SupportTicketReplied',
      data: { replyId: cmd.replyId, staffId: cmd.staffId, body, at: cmd.now.toISOString() },
    },
  ];
}

export function closeSupportTicket(
  state: SupportTicketState,
  cmd: { staffId: string; now: Date },
): SupportTicketClosed[] {
  requireTicket(state);
  if (state.closedAt) return [];
  return [{ type: 'SupportTicketClosed', data: { staffId: cmd.staffId, at: cmd.now.toISOString() } }];
}

function requireTicket(state: SupportTicketState): SupportTicketSubmitted['data'] {
  if (!state.ticket) return refuse('not_found', SUPPORT_TICKET_CODES.notFound, 'Support ticket not found');
  return state.ticket;
}

const sameSubmission = (a: SupportTicketSubmitted['data'], b: SupportTicketSubmitted['data']): boolean =>
  a.customerId === b.customerId && a.orderId === b.orderId && a.subject === b.subject && a.body === b.body;
