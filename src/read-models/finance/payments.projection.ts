import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { OrderPlaced } from '../../domain/orders/order-events';
import { orderStreamId } from '../../domain/orders/order-events';
import { PAYMENT_EVENT_TYPES, type PaymentEvent, type PaymentStatus } from '../../domain/payments/payment-events';

/**
 * `payments`: one row per payment, with its status and the Stripe ids it went through. Times are the
 * events' own, so a rebuild reproduces the table. A payment that failed before anything was requested
 * at the provider has no PaymentRequested; its row then takes the customer and amount from the order.
 */
export const paymentsProjection: Projection = {
  name: 'payments',
  tables: ['payments'],
  handles: PAYMENT_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as PaymentEvent;
    switch (event.type) {
      case 'PaymentRequested': {
        const { paymentId, orderId, customerId, amount, currency, intentId, requestedAt } = event.data;
        const row = {
          orderId,
          customerId,
          amount: BigInt(amount),
          currency,
          intentId,
          requestedAt: new Date(requestedAt),
          updatedAt: new Date(requestedAt),
        };
        await tx.payment.upsert({
          where: { id: paymentId },
          create: { id: paymentId, status: 'Pending', ...row },
          update: row,
        });
        return;
      }
      case 'PaymentActionRequired': {
        const { paymentId, orderId, intentId, at } = event.data;
        await update(tx, paymentId, orderId, at, { intentId });
        return;
      }
      case 'PaymentSucceeded': {
        const { paymentId, orderId, intentId, amount, currency, succeededAt } = event.data;
        await update(tx, paymentId, orderId, succeededAt, {
          status: 'Succeeded',
          intentId,
          amount: BigInt(amount),
          currency,
          failureCode: null,
          failureMessage: null,
        });
        return;
      }
      case 'PaymentFailed': {
        const { paymentId, orderId, intentId, failureCode, failureMessage, failedAt } = event.data;
        await update(tx, paymentId, orderId, failedAt, {
          status: 'Failed',
          ...(intentId === undefined ? {} : { intentId }),
          failureCode,
          failureMessage,
        });
        return;
      }
      case 'PaymentCancelled': {
        const { paymentId, orderId, intentId, cancelledAt } = event.data;
        // A declined payment's intent is cancelled too (so it can never succeed later); it stays Failed.
        await update(tx, paymentId, orderId, cancelledAt, { intentId });
        await tx.payment.updateMany({
          where: { id: paymentId, status: { not: 'Failed' } },
          data: { status: 'Cancelled' },
        });
        return;
      }
      case 'PaymentRefunded': {
        const { paymentId, orderId, intentId, refundId, amount, refundedAt } = event.data;
        await update(tx, paymentId, orderId, refundedAt, {
          status: 'Refunded',
          intentId,
          refundId,
          refundedAmount: { increment: BigInt(amount) },
        });
        return;
      }
    }
  },
};

type PaymentChanges = {
  status?: PaymentStatus;
  intentId?: string;
  amount?: bigint;
  currency?: string;
  failureCode?: string | null;
  failureMessage?: string | null;
  refundId?: string;
  refundedAmount?: { increment: bigint };
};

async function update(tx: Tx, paymentId: string, orderId: string, at: string, changes: PaymentChanges) {
  const updatedAt = new Date(at);
  const { count } = await tx.payment.updateMany({ where: { id: paymentId }, data: { ...changes, updatedAt } });
  if (count > 0) return;
  const order = await placedOrder(tx, orderId);
  // Without the order there is no customer to show the payment to: nothing to project.
  if (!order) return;
  const { refundedAmount, ...rest } = changes;
  await tx.payment.create({
    data: {
      id: paymentId,
      orderId,
      customerId: order.customerId,
      amount: BigInt(order.total.amount),
      currency: order.total.currency,
      status: 'Pending',
      requestedAt: updatedAt,
      updatedAt,
      ...rest,
      refundedAmount: refundedAmount?.increment ?? 0n,
    },
  });
}

/** The order as placed, read from its stream (earlier than any of its payment events, so a replay reads the same). */
async function placedOrder(tx: Tx, orderId: string): Promise<OrderPlaced['data'] | undefined> {
  const rows = await tx.$queryRaw<Array<{ data: OrderPlaced['data'] }>>`
    SELECT data FROM events WHERE stream_id = ${orderStreamId(orderId)} AND type = 'OrderPlaced'
     ORDER BY stream_version LIMIT 1`;
  return rows[0]?.data;
}
