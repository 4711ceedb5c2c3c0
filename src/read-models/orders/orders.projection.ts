import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import { ORDER_EVENT_TYPES, type OrderEvent } from '../../domain/orders/order-events';

/** `orders` and `order_lines`: each customer's orders with their status, as the events tell it. */
export const ordersProjection: Projection = {
  name: 'orders',
  tables: ['orders', 'order_lines'],
  handles: ORDER_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as OrderEvent;
    const id = event.data.orderId;
    const updatedAt = recorded.recordedAt;
    switch (event.type) {
      case 'OrderPlaced': {
        const { customerId, lines, total, delivery, requestHash, placedAt } = event.data;
        await tx.order.create({
          data: {
            id,
            customerId,
            status: 'Pending',
            totalAmount: BigInt(total.amount),
            currency: total.currency,
            deliveryMethod: delivery.method,
            requestHash,
            placedAt: new Date(placedAt),
            updatedAt,
            lines: {
              create: lines.map((l, position) => ({
                position,
                concertId: l.concertId,
                accountId: l.accountId,
                concertName: l.concertName,
                ticketLevel: l.ticketLevel,
                levelName: l.levelName,
                quantity: l.quantity,
                unitPrice: BigInt(l.unitPrice),
                currency: l.currency,
              })),
            },
          },
        });
        return;
      }
      case 'TicketsHeld':
        await update(tx, id, { status: 'TicketsHeld', holdExpiresAt: new Date(event.data.expiresAt), updatedAt });
        return;
      case 'OrderRejected':
        await update(tx, id, {
          status: 'Rejected',
          soldOut: event.data.lines as unknown as Prisma.InputJsonValue,
          closedAt: new Date(event.data.rejectedAt),
          updatedAt,
        });
        return;
      case 'PaymentAwaited':
        await update(tx, id, {
          status: 'AwaitingPayment',
          paymentId: event.data.paymentId,
          awaitingPaymentSince: new Date(event.data.awaitingSince),
          updatedAt,
        });
        return;
      case 'HoldReleased':
        return;
      case 'OrderPaid':
        await update(tx, id, {
          status: 'Paid',
          paymentId: event.data.paymentId,
          paidAt: new Date(event.data.paidAt),
          updatedAt,
        });
        return;
      case 'OrderFulfilled':
        await update(tx, id, { status: 'Fulfilled', ticketIds: event.data.ticketIds, updatedAt });
        return;
      case 'OrderCancelled':
        await update(tx, id, {
          status: 'Cancelled',
          cancelReason: event.data.reason,
          closedAt: new Date(event.data.cancelledAt),
          updatedAt,
        });
        return;
      case 'OrderExpired':
        await update(tx, id, { status: 'Expired', closedAt: new Date(event.data.expiredAt), updatedAt });
        return;
      case 'OrderPaymentFailed':
        await update(tx, id, {
          status: 'PaymentFailed',
          failureCode: event.data.failureCode,
          closedAt: new Date(event.data.failedAt),
          updatedAt,
        });
        return;
      case 'OrderRefunded':
        await update(tx, id, { status: 'Refunded', closedAt: new Date(event.data.refundedAt), updatedAt });
        return;
    }
  },
};

type OrderChanges = Parameters<Tx['order']['update']>[0]['data'];

async function update(tx: Tx, id: string, data: OrderChanges): Promise<void> {
  await tx.order.update({ where: { id }, data });
}
