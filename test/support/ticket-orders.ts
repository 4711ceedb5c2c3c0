import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/infra/event-store/event-store';
import { deterministicId } from '../../src/infra/event-store/ids';
import {
  ORDER_STREAM_TYPE,
  orderStreamId,
  type Delivery,
  type OrderLine,
  type OrderPlaced,
} from '../../src/domain/orders/order-events';

export const COURIER_ADDRESS = {
  name: 'Fan Example',
  line1: 'Hauptstraße 1',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
} as const;

/**
 * Places an order straight on its stream (no checkout), so tickets can be issued from it. Lines
 * default to two GA and one VIP admission of `concertId`.
 */
export async function placeTestOrder(
  eventStore: EventStore,
  input: {
    customerId: string;
    concertId: string;
    accountId: string;
    delivery?: Delivery;
    lines?: Array<Partial<OrderLine>>;
  },
): Promise<OrderPlaced['data']> {
  const orderId = randomUUID();
  const base = { concertId: input.concertId, accountId: input.accountId, concertName: 'Winter Tour', currency: 'EUR' };
  const lines: OrderLine[] = (
    input.lines ?? [
      { ticketLevel: 'GA', levelName: 'General admission', quantity: 2, unitPrice: 4500 },
      { ticketLevel: 'VIP', levelName: 'VIP balcony', quantity: 1, unitPrice: 12000 },
    ]
  ).map((line) => ({
    ticketLevel: 'GA',
    levelName: 'General admission',
    quantity: 1,
    unitPrice: 4500,
    ...base,
    ...line,
  }));
  const data: OrderPlaced['data'] = {
    orderId,
    customerId: input.customerId,
    cartId: randomUUID(),
    lines,
    total: { amount: lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0), currency: 'EUR' },
    delivery: input.delivery ?? { method: 'email' },
    paymentMethodId: 'pm_card_visa',
    requestHash: 'test',
    placedAt: new Date().toISOString(),
  };
  await eventStore.append([
    {
      streamId: orderStreamId(orderId),
      streamType: ORDER_STREAM_TYPE,
      expectedVersion: 0,
      events: [{ type: 'OrderPlaced', data, eventId: deterministicId('test-order-placed', orderId) }],
    },
  ]);
  return data;
}
