import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import {
  SUPPORT_TICKET_EVENT_TYPES,
  SUPPORT_TICKET_STREAM_TYPE,
  type SupportTicketEvent,
} from '../../domain/support-tickets/support-ticket-events';
import { streamEntityId } from '../tickets/stream-entity-id';

/**
 * `support_tickets` (the support queue and each customer's tickets) and `support_ticket_messages`
 * (staff replies in order). Times come from the events, so a rebuild reproduces both tables exactly.
 */
export const supportTicketsProjection: Projection = {
  name: 'support-tickets',
  tables: ['support_tickets', 'support_ticket_messages'],
  handles: SUPPORT_TICKET_EVENT_TYPES,
  async apply(tx, recorded: RecordedEvent): Promise<void> {
    if (recorded.streamType !== SUPPORT_TICKET_STREAM_TYPE) return;
    const event = recorded as unknown as SupportTicketEvent;
    const id = streamEntityId(recorded.streamId, SUPPORT_TICKET_STREAM_TYPE);
    switch (event.type) {
      case 'SupportTicketSubmitted': {
        const d = event.data;
        const submittedAt = new Date(d.submittedAt);
        await tx.supportTicket.create({
          data: {
            id,
            customerId: d.customerId,
            orderId: d.orderId,
            subject: d.subject,
            body: d.body,
            status: 'open',
            submittedAt,
            updatedAt: submittedAt,
          },
        });
        return;
      }
      case 'SupportTicketRouted':
        await tx.supportTicket.update({
          where: { id },
          data: { queue: event.data.queue, updatedAt: new Date(event.data.at) },
        });
        return;
      case 'SupportTicketAcknowledged': {
        const at = new Date(event.data.at);
        await tx.supportTicket.update({ where: { id }, data: { acknowledgedAt: at, updatedAt: at } });
        return;
      }
      case 'SupportTicketReplied': {
        const { replyId, staffId, body } = event.data;
        const at = new Date(event.data.at);
        const ticket = await tx.supportTicket.update({
          where: { id },
          data: { replyCount: { increment: 1 }, lastReplyAt: at, updatedAt: at },
          select: { replyCount: true },
        });
        // Only an open ticket becomes answered: whatever comes in, a closed ticket stays closed.
        await tx.supportTicket.updateMany({ where: { id, status: 'open' }, data: { status: 'answered' } });
        await tx.supportTicketMessage.create({
          data: { id: replyId, ticketId: id, position: ticket.replyCount, staffId, body, sentAt: at },
        });
        return;
      }
      case 'SupportTicketClosed': {
        const at = new Date(event.data.at);
        await tx.supportTicket.update({ where: { id }, data: { status: 'closed', closedAt: at, updatedAt: at } });
        return;
      }
    }
  },
};
