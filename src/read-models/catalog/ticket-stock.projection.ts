import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import { INVENTORY_EVENT_TYPES, type InventoryLine, type OrderEvent } from '../../domain/orders/order-events';

/**
 * Held and sold counts on `concert_ticket_levels`, moved by the orders' inventory events. The table's
 * CHECK (held + sold <= capacity) is the last line of defence against overselling; checkout locks the
 * rows before it appends, so these updates never wait on each other in an order that could fail it.
 */
export const ticketStockProjection: Projection = {
  name: 'ticket-stock',
  // The rows belong to the concerts projection, which empties them for a rebuild.
  tables: [],
  handles: INVENTORY_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as OrderEvent;
    switch (event.type) {
      case 'TicketsHeld':
        return move(tx, event.data.lines, 1, 0);
      case 'HoldReleased':
        return move(tx, event.data.lines, -1, 0);
      case 'OrderPaid':
        return move(tx, event.data.lines, -1, 1);
      case 'OrderRefunded':
        return move(tx, event.data.lines, 0, -1);
    }
  },
};

async function move(tx: Tx, lines: InventoryLine[], heldSign: number, soldSign: number): Promise<void> {
  if (lines.length === 0) return;
  await tx.$executeRaw`
    UPDATE concert_ticket_levels l
       SET held = l.held + ${heldSign} * m.quantity, sold = l.sold + ${soldSign} * m.quantity
      FROM (SELECT concert_id, code, sum(quantity)::int AS quantity
              FROM unnest(${lines.map((l) => l.concertId)}::uuid[], ${lines.map((l) => l.ticketLevel)}::text[],
                          ${lines.map((l) => l.quantity)}::int[]) AS x(concert_id, code, quantity)
             GROUP BY concert_id, code) m
     WHERE l.concert_id = m.concert_id AND l.code = m.code`;
}
