import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { paymentIdOf } from '../../application/payments/payment-id';
import type { Config } from '../../config/config';
import {
  awaitPayment,
  endUnpaidOrder,
  fulfil,
  refundOrder,
  type OrderEnding,
} from '../../domain/orders/order-decisions';
import { DomainError } from '../../domain/shared/errors';
import { CartCommands } from '../../application/carts/cart-commands';
import { OrderCommands } from '../../application/orders/order-commands';
import { OrderPayment } from '../../application/orders/order-payment';
import { holdResultOf, OrderPlacement } from '../../application/orders/order-placement';
import { checkoutWorkflowId, type CheckoutInput, type HoldResult } from '../../workflows/checkout.contract';

export interface CheckoutActivityDeps {
  config: Pick<Config, 'checkout'>;
  db: Db;
  eventStore: EventStore;
}

/** The order's own steps of the checkout saga. Each is idempotent: a retry changes nothing twice. */
export function createCheckoutActivities(deps: CheckoutActivityDeps) {
  const orders = new OrderCommands(deps.eventStore);
  const placement = new OrderPlacement(
    deps.db,
    deps.eventStore,
    orders,
    new CartCommands(deps.eventStore),
    deps.config.checkout.holdTtlMs,
  );
  const payment = new OrderPayment(deps.db, deps.eventStore, orders);
  const options = (orderId: string, step: string) => ({
    operationId: `${checkoutWorkflowId(orderId)}:${step}`,
    metadata: { correlationId: checkoutWorkflowId(orderId), actor: 'system' },
  });

  return {
    /** Places the order and holds its tickets; a cart that cannot become an order answers why. */
    async placeOrder(input: CheckoutInput): Promise<HoldResult> {
      try {
        return await placement.place(input);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const { state } = await orders.load(input.orderId);
        return {
          ...holdResultOf(input.orderId, state),
          status: 'Rejected',
          refusal: { code: err.code, message: err.message },
        };
      }
    },

    async markAwaitingPayment(input: { orderId: string }): Promise<void> {
      const paymentId = paymentIdOf(input.orderId);
      await orders.execute(
        input.orderId,
        (s) => awaitPayment(s, { paymentId, now: new Date() }),
        options(input.orderId, 'awaiting-payment'),
      );
    },

    /** Ends an unpaid order and releases its hold; nothing happens if it has ended already. */
    async endUnpaidOrder(input: {
      orderId: string;
      ending: OrderEnding;
      by: string;
      paymentId?: string;
      failureCode?: string;
    }): Promise<void> {
      await orders.execute(
        input.orderId,
        (s) => endUnpaidOrder(s, { ...input, now: new Date() }),
        options(input.orderId, `end:${input.ending}`),
      );
    },

    /** Held becomes sold. `refund` when the order or its concert ended meanwhile: the money goes back. */
    async completeOrderPayment(input: { orderId: string }): Promise<'paid' | 'refund'> {
      try {
        await payment.markPaid(input.orderId, paymentIdOf(input.orderId));
        return 'paid';
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'conflict') return 'refund';
        throw err;
      }
    },

    async fulfilOrder(input: { orderId: string; ticketIds: string[] }): Promise<void> {
      await orders.execute(
        input.orderId,
        (s) => fulfil(s, { ticketIds: input.ticketIds, now: new Date() }),
        options(input.orderId, 'fulfilled'),
      );
    },

    /** A paid order of a cancelled concert: recorded as refunded (the money is refunded by the payment step). */
    async recordOrderRefunded(input: { orderId: string }): Promise<void> {
      await orders.execute(
        input.orderId,
        (s) => refundOrder(s, { now: new Date() }),
        options(input.orderId, 'refunded'),
      );
    },
  };
}
