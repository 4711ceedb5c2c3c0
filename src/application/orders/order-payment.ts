import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import { markPaid } from '../../domain/orders/order-decisions';
import { ORDER_STREAM_TYPE, orderStreamId } from '../../domain/orders/order-events';
import type { OrderCommands } from './order-commands';

const TX_LIMITS = { maxWait: 10_000, timeout: 20_000 };

/**
 * Converts a paid order's hold into sold tickets. The concerts are share-locked while deciding, so a
 * cancellation either comes first (and the payment is refused, to be refunded) or finds the tickets
 * sold (and refunds them itself).
 */
export class OrderPayment {
  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly orders: OrderCommands,
  ) {}

  async markPaid(orderId: string, paymentId: string): Promise<void> {
    const { state, version } = await this.orders.load(orderId);
    const concertIds = [...new Set(state.lines.map((l) => l.concertId))];
    await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ status: string }>>`
        SELECT status FROM concerts WHERE id = ANY(${concertIds}::uuid[]) ORDER BY id FOR SHARE`;
      const concertsOnSale = rows.length === concertIds.length && rows.every((r) => r.status !== 'cancelled');
      const events = markPaid(state, { paymentId, concertsOnSale, now: new Date() });
      if (events.length === 0) return;
      const streamId = orderStreamId(orderId);
      await this.eventStore.appendIn(tx, [
        {
          streamId,
          streamType: ORDER_STREAM_TYPE,
          expectedVersion: version,
          events: events.map((e, i) => ({
            ...e,
            eventId: deterministicId(`order-paid:${orderId}`, streamId, e.type, i),
            metadata: { correlationId: `checkout-${orderId}`, actor: 'system' },
          })),
        },
      ]);
    }, TX_LIMITS);
  }
}
