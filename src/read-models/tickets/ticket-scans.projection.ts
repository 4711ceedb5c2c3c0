import type { Projection } from '../../infra/event-store/projection';
import type { TicketScanned } from '../../domain/tickets/ticket-events';

/** `ticket_scans`: every validation attempt at a door, as recorded. */
export const ticketScansProjection: Projection = {
  name: 'ticket-scans',
  tables: ['ticket_scans'],
  handles: ['TicketScanned'],
  async apply(tx, recorded): Promise<void> {
    const { attemptId, concertId, ticketId, result, scannedBy, at } = (recorded as unknown as TicketScanned).data;
    await tx.ticketScan.create({
      data: { attemptId, concertId, ticketId, result, scannedBy, scannedAt: new Date(at) },
    });
  },
};
