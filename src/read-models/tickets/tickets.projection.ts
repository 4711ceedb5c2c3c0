import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import { streamEntityId } from './stream-entity-id';
import { TICKET_EVENT_TYPES, TICKET_STREAM_TYPE, type TicketEvent } from '../../domain/tickets/ticket-events';

/**
 * `tickets` and `ticket_deliveries`: every ticket with its status and how it travels to its holder.
 * Times come from the events, so a rebuild reproduces both tables exactly.
 */
export const ticketsProjection: Projection = {
  name: 'tickets',
  tables: ['tickets', 'ticket_deliveries'],
  handles: TICKET_EVENT_TYPES,
  async apply(tx, recorded: RecordedEvent): Promise<void> {
    if (recorded.streamType !== TICKET_STREAM_TYPE) return;
    const event = recorded as unknown as TicketEvent;
    const ticketId = streamEntityId(recorded.streamId, TICKET_STREAM_TYPE);
    switch (event.type) {
      case 'TicketIssued': {
        const d = event.data;
        const issuedAt = new Date(d.issuedAt);
        await tx.ticket.create({
          data: {
            id: d.ticketId,
            orderId: d.orderId,
            customerId: d.customerId,
            concertId: d.concertId,
            accountId: d.accountId,
            concertName: d.concertName,
            ticketLevel: d.ticketLevel,
            levelName: d.levelName,
            admission: d.admission,
            status: 'issued',
            issuedAt,
            updatedAt: issuedAt,
          },
        });
        await tx.ticketDelivery.create({
          data: { ticketId: d.ticketId, method: d.deliveryMethod, status: 'pending', updatedAt: issuedAt },
        });
        return;
      }
      case 'TicketEmailed': {
        const { messageKey, providerMessageId, at } = event.data;
        await tx.ticketDelivery.update({
          where: { ticketId },
          data: { status: 'sent', messageKey, providerMessageId: providerMessageId || null, updatedAt: new Date(at) },
        });
        return;
      }
      case 'TicketDispatched': {
        const { trackingNumber, carrier, at } = event.data;
        await tx.ticketDelivery.update({
          where: { ticketId },
          data: { status: 'dispatched', trackingNumber, carrier, updatedAt: new Date(at) },
        });
        return;
      }
      case 'TicketDelivered': {
        const { trackingNumber, deliveredAt } = event.data;
        await tx.ticketDelivery.update({
          where: { ticketId },
          data: { status: 'delivered', trackingNumber, updatedAt: new Date(deliveredAt) },
        });
        return;
      }
      case 'TicketAdmitted': {
        const at = new Date(event.data.at);
        // A ticket voided meanwhile stays voided; the admission is still on record.
        await tx.ticket.update({ where: { id: ticketId }, data: { admittedAt: at, updatedAt: at } });
        await tx.ticket.updateMany({ where: { id: ticketId, status: 'issued' }, data: { status: 'admitted' } });
        return;
      }
      case 'TicketVoided': {
        const at = new Date(event.data.at);
        await tx.ticket.update({
          where: { id: ticketId },
          data: { status: 'voided', voidReason: event.data.reason, voidedAt: at, updatedAt: at },
        });
        return;
      }
    }
  },
};
