import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { SupportQueue } from '../domain/support-tickets/support-ticket-events';

// What the API, the support-ticket workflow and its activities agree on.

export const supportTicketWorkflowId = (ticketId: string): string => `support-ticket-${ticketId}`;

/** The submission as the API accepted it. */
export interface SupportTicketSubmission {
  ticketId: string;
  customerId: string;
  subject: string;
  body: string;
  orderId: string | null;
  /** The API's clock when it answered 202: the ticket's time, however late the back office gets to it. */
  submittedAt: string;
}

/** One email the workflow still owes the customer. */
export type SupportTicketEmail = { kind: 'reply'; replyId: string } | { kind: 'closed' };

/** What support sees of a running ticket (the `status` query). */
export interface SupportTicketProgress {
  ticketId: string;
  /** `received` until the ticket is recorded and routed. */
  status: 'received' | 'open' | 'answered' | 'closed';
  queue: SupportQueue | null;
  acknowledged: boolean;
  replies: number;
  /** Emails to the customer not sent yet (the provider may be down). */
  pendingEmails: number;
}

export interface SupportTicketInput extends SupportTicketSubmission {
  /** Set when the workflow continued as new: where the previous run stood. */
  carried?: {
    progress: SupportTicketProgress;
    outbox: SupportTicketEmail[];
    /** Replies the workflow has taken so far (absent in histories from before it was kept). */
    replyIds?: string[];
  };
}

/** The memo the API starts the workflow with: a retried submission must be the same request. */
export interface SupportTicketMemo {
  requestHash: string;
}

export interface SupportReplyInput {
  replyId: string;
  staffId: string;
  body: string;
}

export interface SupportReplyResult {
  replyId: string;
  repliedAt: string;
}

export const supportTicketReplyUpdate = defineUpdate<SupportReplyResult, [SupportReplyInput]>('reply');
export const supportTicketCloseUpdate = defineUpdate<{ closedAt: string }, [{ staffId: string }]>('close');
export const supportTicketStatusQuery = defineQuery<SupportTicketProgress>('status');

/** Failure types an update is refused with, so the API answers with the right status. */
export const SUPPORT_TICKET_REFUSALS = {
  closed: 'ticket_closed',
  keyReused: 'idempotency_key_reused',
} as const;
