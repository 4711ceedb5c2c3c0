import type { Db } from '../../infra/db/prisma';
import { ConcurrencyError } from '../../infra/event-store/errors';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import type { DomainEvent, StreamAppend } from '../../infra/event-store/types';
import { checkOutCart } from '../../domain/carts/cart-decisions';
import { CART_STREAM_TYPE, cartStreamId } from '../../domain/carts/cart-events';
import type { OrderState } from '../../domain/orders/order';
import { placeOrder } from '../../domain/orders/order-decisions';
import { ORDER_STREAM_TYPE, orderStreamId } from '../../domain/orders/order-events';
import type { CartCommands } from '../carts/cart-commands';
import { userCartId } from '../carts/cart-ownership';
import { checkoutWorkflowId, type CheckoutInput, type HoldResult } from '../../workflows/checkout.contract';
import { lockLevelStock } from './level-stock';
import type { OrderCommands } from './order-commands';

const MAX_ATTEMPTS = 6;
const TX_LIMITS = { maxWait: 10_000, timeout: 20_000 };

/**
 * Turns the customer's cart into an order and holds all its tickets, or none, in one transaction:
 * the levels' stock rows are locked, the decision is made on what they say, and the order's events,
 * the new held counts and the emptied cart commit together. Placing an order twice returns the
 * first outcome.
 */
export class OrderPlacement {
  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly orders: OrderCommands,
    private readonly carts: CartCommands,
    private readonly holdTtlMs: number,
  ) {}

  async place(input: CheckoutInput): Promise<HoldResult> {
    for (let attempt = 1; ; attempt++) {
      const order = await this.orders.load(input.orderId);
      if (order.state.placed) return holdResultOf(input.orderId, order.state);
      const cartId = userCartId(input.customerId);
      const cart = await this.carts.load(cartId);
      try {
        await this.db.$transaction(async (tx) => {
          const now = new Date();
          const stock = await lockLevelStock(tx, cart.state.lines, now);
          const events = placeOrder(order.state, {
            ...input,
            cartId,
            cartLines: cart.state.lines,
            stock,
            holdTtlMs: this.holdTtlMs,
            now,
          });
          const held = events.some((e) => e.type === 'TicketsHeld');
          const cartEvents = held ? checkOutCart(cart.state, { cartId, orderId: input.orderId, now }) : [];
          const operation = { id: `place-order:${input.orderId}`, correlationId: checkoutWorkflowId(input.orderId) };
          const appends: StreamAppend[] = [
            stream(operation, orderStreamId(input.orderId), ORDER_STREAM_TYPE, 0, events),
            stream(operation, cartStreamId(cartId), CART_STREAM_TYPE, cart.version, cartEvents),
          ].filter((a) => a.events.length > 0);
          if (appends.length > 0) await this.eventStore.appendIn(tx, appends);
        }, TX_LIMITS);
      } catch (err) {
        // The cart changed, or the same order is being placed by a retry: decide again on fresh state.
        if (!(err instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
      }
    }
  }
}

function stream(
  operation: { id: string; correlationId: string },
  streamId: string,
  streamType: string,
  expectedVersion: number,
  events: DomainEvent[],
): StreamAppend {
  return {
    streamId,
    streamType,
    expectedVersion,
    events: events.map((e, i) => ({
      ...e,
      eventId: deterministicId(operation.id, streamId, e.type, i),
      metadata: { correlationId: operation.correlationId, actor: 'system' },
    })),
  };
}

/** The answer to the checkout request, from the order's state. */
export function holdResultOf(orderId: string, state: OrderState): HoldResult {
  return {
    orderId,
    status: state.status,
    holdExpiresAt: state.status === 'Rejected' ? null : (state.holdExpiresAt ?? null),
    lines: state.lines.map(({ concertId, ticketLevel, concertName, levelName, quantity, unitPrice, currency }) => ({
      concertId,
      ticketLevel,
      concertName,
      levelName,
      quantity,
      unitPrice,
      currency,
    })),
    total: state.total ?? null,
    soldOut: state.soldOut,
  };
}
