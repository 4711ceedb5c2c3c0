import type {
  StaffSupportTicketSummaryView,
  StaffSupportTicketView,
  SupportTicketSummaryView,
  SupportTicketView,
} from '../../application/support-tickets/support-ticket-queries';

const TICKET_ID = '9a1f6c2e-3b4d-5e6f-8a9b-0c1d2e3f4a5b';
const CUSTOMER_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

export const EXAMPLE_SUBMITTED = { ticketId: TICKET_ID, status: 'received' };

export const EXAMPLE_SUPPORT_TICKET_SUMMARY: SupportTicketSummaryView = {
  id: TICKET_ID,
  subject: 'Tickets not received',
  status: 'answered',
  queue: 'orders',
  orderId: 'b3c1d2e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  submittedAt: '2026-12-01T09:00:00.000Z',
  acknowledgedAt: '2026-12-01T09:00:02.000Z',
  lastReplyAt: '2026-12-01T10:15:00.000Z',
  closedAt: null,
  replyCount: 1,
};

const REPLY = {
  id: '4e5f6a7b-8c9d-5e0f-9a1b-2c3d4e5f6a7b',
  body: 'Sorry about that: we sent your tickets again just now.',
  sentAt: '2026-12-01T10:15:00.000Z',
};

export const EXAMPLE_SUPPORT_TICKET: SupportTicketView = {
  ...EXAMPLE_SUPPORT_TICKET_SUMMARY,
  body: 'I paid for two tickets yesterday but got no email.',
  replies: [REPLY],
};

export const EXAMPLE_SUPPORT_TICKET_PAGE = { items: [EXAMPLE_SUPPORT_TICKET_SUMMARY], nextCursor: null };

const STAFF_SUMMARY: StaffSupportTicketSummaryView = {
  ...EXAMPLE_SUPPORT_TICKET_SUMMARY,
  status: 'open',
  lastReplyAt: null,
  replyCount: 0,
  customerId: CUSTOMER_ID,
};

export const EXAMPLE_SUPPORT_QUEUE_PAGE = { items: [STAFF_SUMMARY], nextCursor: null };

export const EXAMPLE_STAFF_SUPPORT_TICKET: StaffSupportTicketView = {
  ...EXAMPLE_SUPPORT_TICKET_SUMMARY,
  customerId: CUSTOMER_ID,
  customer: { id: CUSTOMER_ID, name: 'Fan Example', email: 'fan@example.com' },
  body: 'I paid for two tickets yesterday but got no email.',
  replies: [{ ...REPLY, staffId: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a' }],
};

export const EXAMPLE_REPLY_RECORDED = { ticketId: TICKET_ID, replyId: REPLY.id, repliedAt: REPLY.sentAt };

export const EXAMPLE_CLOSED = { ticketId: TICKET_ID, status: 'closed' };
