// Facts about one support ticket, on its own stream (`support-ticket-<ticketId>`).

/** Where a ticket waits for staff: tickets about an order go to the people who handle orders. */
export type SupportQueue = 'orders' | 'general';

export const SUPPORT_QUEUES: readonly SupportQueue[] = ['orders', 'general'];

/** A customer asked for help. The ticket id derives from the submission, so a retried one is the same ticket. */
export type SupportTicketSubmitted = {
  type: 'SupportTicketSubmitted';
  data: {
    ticketId: string;
    customerId: string;
    orderId: string | null;
    subject: string;
    body: string;
    /** When the API accepted it (not when the back office got to it). */
    submittedAt: string;
  };
};
/** The ticket joined a support queue. */
export type SupportTicketRouted = {
  type: 'SupportTicketRouted';
  data: { queue: SupportQueue; at: string };
};
/** The customer was told by email that the ticket arrived. */
export type SupportTicketAcknowledged = {
  type: 'SupportTicketAcknowledged';
  data: { messageKey: string; providerMessageId: string; at: string };
};
/** A staff member answered; the reply id comes from the request, so a retried reply is recorded once. */
export type SupportTicketReplied = {
  type: 'SupportTicketReplied';
  data: { replyId: string; staffId: string; body: string; at: string };
};
/** Staff closed the ticket: it takes no more replies. */
export type SupportTicketClosed = {
  type: 'SupportTicketClosed';
  data: { staffId: string; at: string };
};

export type SupportTicketEvent =
  SupportTicketSubmitted | SupportTicketRouted | SupportTicketAcknowledged | SupportTicketReplied | SupportTicketClosed;

export const SUPPORT_TICKET_EVENT_TYPES: ReadonlyArray<SupportTicketEvent['type']> = [
  'SupportTicketSubmitted',
  'SupportTicketRouted',
  'SupportTicketAcknowledged',
  'SupportTicketReplied',
  'SupportTicketClosed',
];

export const SUPPORT_TICKET_STREAM_TYPE = 'support-ticket';
export const supportTicketStreamId = (ticketId: string): string => `support-ticket-${ticketId}`;
