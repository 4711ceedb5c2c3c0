export { createSupportTicketActivities } from './support-ticket.activities';
export type { RecordedSupportTicket, SupportTicketActivityDeps } from './support-ticket.activities';
