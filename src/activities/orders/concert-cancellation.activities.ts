import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { OrderCommands } from '../../application/orders/order-commands';
import { endUnpaidOrder } from '../../domain/orders/order-decisions';
import type { OrderStatus } from '../../domain/orders/order-events';
import { checkoutWorkflowId, concertCancelledSignal } from '../../workflows/checkout.contract';
import { concertCancellationWorkflowId } from '../../workflows/concert-cancellation.contract';
import { deliverEmail, type EmailDeps } from '../email/send-email';
import { concertCancelledEmail } from './concert-cancelled-email';

export interface ConcertCancellationActivityDeps extends EmailDeps {
  db: Db;
  eventStore: EventStore;
}

const UNPAID: OrderStatus[] = ['Pending', 'TicketsHeld', 'AwaitingPayment'];
const PAID: OrderStatus[] = ['Paid', 'Fulfilled'];

/** The steps of a concert's cancellation that concern its orders. All idempotent. */
export function createConcertCancellationActivities(deps: ConcertCancellationActivityDeps) {
  const orders = new OrderCommands(deps.eventStore);

  return {
    /** A page of the concert's unpaid (or paid) orders, by order id after `after`. */
    async ordersOfConcert(input: {
      concertId: string;
      paid: boolean;
      after?: string;
      limit: number;
    }): Promise<string[]> {
      const rows = await deps.db.$queryRaw<Array<{ id: string }>>`
        SELECT DISTINCT o.id::text AS id FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE l.concert_id = ${input.concertId}::uuid AND o.status = ANY(${input.paid ? PAID : UNPAID}::text[])
           AND o.id > ${input.after ?? '00000000-0000-0000-0000-000000000000'}::uuid
         ORDER BY id LIMIT ${input.limit}`;
      return rows.map((r) => r.id);
    },

    /** Tells the order's checkout (if it still runs) that the concert is cancelled. */
    async signalConcertCancelled(input: { orderId: string; concertId: string }): Promise<void> {
      try {
        await Context.current()
          .client.workflow.getHandle(checkoutWorkflowId(input.orderId))
          .signal(concertCancelledSignal, { concertId: input.concertId });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    },

    /**
     * Releases an unpaid order's hold. Its checkout does the same when told (and stops the payment);
     * doing it here too means a checkout that was terminated by hand cannot keep tickets held.
     */
    async releaseUnpaidOrder(input: { orderId: string; concertId: string }): Promise<void> {
      await orders.execute(
        input.orderId,
        (s) => endUnpaidOrder(s, { ending: 'concert_cancelled', by: 'system', now: new Date() }),
        {
          operationId: `${concertCancellationWorkflowId(input.concertId)}:release:${input.orderId}`,
          metadata: { correlationId: concertCancellationWorkflowId(input.concertId), actor: 'system' },
        },
      );
    },

    /** Tells the buyer the concert is off and the money is on its way back. */
    async emailConcertCancelled(input: { orderId: string; concertId: string }): Promise<void> {
      const order = await deps.db.order.findUniqueOrThrow({ where: { id: input.orderId }, include: { lines: true } });
      const user = await deps.db.user.findUniqueOrThrow({ where: { id: order.customerId } });
      const line = order.lines.find((l) => l.concertId === input.concertId) ?? order.lines[0];
      await deliverEmail(deps, {
        messageKey: `concert-cancelled-${input.concertId}-${input.orderId}`,
        template: 'concert-cancelled',
        correlationId: concertCancellationWorkflowId(input.concertId),
        email: concertCancelledEmail({
          to: user.email,
          name: user.name,
          concertName: line.concertName,
          amount: Number(order.totalAmount),
          currency: order.currency,
        }),
      });
    },
  };
}
