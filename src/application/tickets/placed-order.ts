import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import { orderStreamId, type OrderPlaced } from '../../domain/orders/order-events';
import { DomainError } from '../../domain/shared/errors';

/** The order as the customer placed it (lines, customer, delivery), read from its own stream. */
export async function placedOrder(eventStore: EventStore, orderId: string): Promise<OrderPlaced['data']> {
  const events = await eventStore.readStream(orderStreamId(orderId));
  const placed = events.find((e) => e.type === 'OrderPlaced');
  if (!placed) throw new DomainError('not_found', 'order_not_found', `Order ${orderId} was never placed`);
  return placed.data as OrderPlaced['data'];
}

/** The id of the n-th ticket (1-based) of an order line: the same order always names the same tickets. */
export const orderTicketId = (orderId: string, lineIndex: number, n: number): string =>
  deterministicId('ticket', orderId, lineIndex, n);

/** Every ticket id an order has (or will have once issued), in admission order. */
export const orderTicketIds = (order: OrderPlaced['data']): string[] =>
  order.lines.flatMap((line, lineIndex) =>
    Array.from({ length: line.quantity }, (_, i) => orderTicketId(order.orderId, lineIndex, i + 1)),
  );
