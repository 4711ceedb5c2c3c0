import type { SupportQueue, SupportTicketEvent, SupportTicketSubmitted } from './support-ticket-events';

/** open → answered (after a staff reply) → closed. */
export type SupportTicketStatus = 'open' | 'answered' | 'closed';

export interface SupportReplyState {
  replyId: string;
  staffId: string;
  body: string;
  at: string;
}

export interface SupportTicketState {
  ticket?: SupportTicketSubmitted['data'];
  queue?: SupportQueue;
  acknowledgedAt?: string;
  replies: SupportReplyState[];
  closedAt?: string;
}

export const initialSupportTicketState = (): SupportTicketState => ({ replies: [] });

export function evolveSupportTicket(state: SupportTicketState, event: SupportTicketEvent): SupportTicketState {
  switch (event.type) {
    case 'SupportTicketSubmitted':
      return { ...state, ticket: event.data };
    case 'SupportTicketRouted':
      return { ...state, queue: event.data.queue };
    case 'SupportTicketAcknowledged':
      return { ...state, acknowledgedAt: event.data.at };
    case 'SupportTicketReplied':
      return { ...state, replies: [...state.replies, event.data] };
    case 'SupportTicketClosed':
      return { ...state, closedAt: event.data.at };
  }
}

export function supportTicketStatus(state: SupportTicketState): SupportTicketStatus {
  if (state.closedAt) return 'closed';
  return state.replies.length > 0 ? 'answered' : 'open';
}
