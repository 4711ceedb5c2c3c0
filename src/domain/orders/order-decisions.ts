import { refuse } from '../shared/errors';
import { MAX_PRICE_MINOR_UNITS } from '../shared/money';
import { inventoryLines, isAwaitingPayment, isPaid, type OrderState } from './order';
import type { Delivery, HoldReleased, OrderEvent, OrderLine } from './order-events';
import { soldOutLines, stockKey, type LevelStock } from './stock';

export interface PlaceOrderCommand {
  orderId: string;
  customerId: string;
  cartId: string;
  /** The cart's lines, in cart order. */
  cartLines: Array<{ concertId: string; ticketLevel: string; quantity: number }>;
  /** The stock of every level in the cart, read under lock. */
  stock: ReadonlyMap<string, LevelStock>;
  delivery: Delivery;
  paymentMethodId: string;
  requestHash: string;
  holdTtlMs: number;
  now: Date;
}

/**
 * Places the order and holds every line, or none: either OrderPlaced + TicketsHeld, or OrderPlaced
 * + OrderRejected naming each line there are not enough tickets for. A cart that cannot become an
 * order at all (empty, a level no longer on sale, several currencies) is refused and nothing is
 * recorded. An order placed already is not placed again.
 */
export function placeOrder(state: OrderState, cmd: PlaceOrderCommand): OrderEvent[] {
  if (state.placed) return [];
  if (cmd.cartLines.length === 0) refuse('invalid', 'cart_empty', 'The cart is empty: add tickets before checking out');
  const lines = cmd.cartLines.map((line) => priced(line, cmd.stock));
  const currencies = new Set(lines.map((l) => l.currency));
  if (currencies.size > 1)
    refuse(
      'invalid',
      'mixed_currencies',
      `An order is paid in one currency; this cart has ${[...currencies].join(', ')}`,
    );
  const amount = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  if (!Number.isSafeInteger(amount) || amount > MAX_PRICE_MINOR_UNITS * 100)
    refuse('invalid', 'order_total_too_large', 'The order total is too large to be paid at once');

  const at = cmd.now.toISOString();
  const placed: OrderEvent = {
    type: 'OrderPlaced',
    data: {
      orderId: cmd.orderId,
      customerId: cmd.customerId,
      cartId: cmd.cartId,
      lines,
      total: { amount, currency: lines[0].currency },
      delivery: cmd.delivery,
      paymentMethodId: cmd.paymentMethodId,
      requestHash: cmd.requestHash,
      placedAt: at,
    },
  };
  const held = inventoryLines(lines);
  const soldOut = soldOutLines(held, cmd.stock);
  if (soldOut.length > 0) {
    return [
      placed,
      { type: 'OrderRejected', data: { orderId: cmd.orderId, reason: 'sold_out', lines: soldOut, rejectedAt: at } },
    ];
  }
  const expiresAt = new Date(cmd.now.getTime() + cmd.holdTtlMs).toISOString();
  return [placed, { type: 'TicketsHeld', data: { orderId: cmd.orderId, lines: held, heldAt: at, expiresAt } }];
}

function priced(line: PlaceOrderCommand['cartLines'][number], stock: ReadonlyMap<string, LevelStock>): OrderLine {
  const level = stock.get(stockKey(line.concertId, line.ticketLevel));
  if (!level || !level.onSale)
    refuse(
      'invalid',
      'concert_not_on_sale',
      `Tickets of level ${line.ticketLevel} of concert ${line.concertId} are no longer on sale; remove the line from the cart`,
    );
  return {
    concertId: line.concertId,
    accountId: level!.accountId,
    concertName: level!.concertName,
    ticketLevel: line.ticketLevel,
    levelName: level!.levelName,
    quantity: line.quantity,
    unitPrice: level!.unitPrice,
    currency: level!.currency,
  };
}

/** The payment was asked for; the order waits for its outcome. */
export function awaitPayment(state: OrderState, cmd: { paymentId: string; now: Date }): OrderEvent[] {
  if (state.status !== 'TicketsHeld') return [];
  return [
    {
      type: 'PaymentAwaited',
      data: { orderId: state.orderId!, paymentId: cmd.paymentId, awaitingSince: cmd.now.toISOString() },
    },
  ];
}

export type OrderEnding = 'cancelled' | 'expired' | 'payment_failed' | 'concert_cancelled';

export interface EndOrderCommand {
  ending: OrderEnding;
  by: string;
  paymentId?: string;
  failureCode?: string;
  now: Date;
}

/**
 * Ends an unpaid order: its hold is released and the order records why. An order that has ended
 * already is left alone, so every compensation can run twice.
 */
export function endUnpaidOrder(state: OrderState, cmd: EndOrderCommand): OrderEvent[] {
  if (!isAwaitingPayment(state)) return [];
  const orderId = state.orderId!;
  const at = cmd.now.toISOString();
  const released: HoldReleased = {
    type: 'HoldReleased',
    data: { orderId, lines: state.held, reason: cmd.ending, releasedAt: at },
  };
  switch (cmd.ending) {
    case 'expired':
      return [released, { type: 'OrderExpired', data: { orderId, expiredAt: at } }];
    case 'payment_failed':
      return [
        released,
        {
          type: 'OrderPaymentFailed',
          data: {
            orderId,
            paymentId: cmd.paymentId ?? '',
            failureCode: cmd.failureCode ?? 'payment_failed',
            failedAt: at,
          },
        },
      ];
    case 'cancelled':
    case 'concert_cancelled':
      return [
        released,
        {
          type: 'OrderCancelled',
          data: {
            orderId,
            reason:
              cmd.ending === 'cancelled'
                ? cmd.by === state.customerId
                  ? 'customer'
                  : 'operator'
                : 'concert_cancelled',
            cancelledBy: cmd.by,
            cancelledAt: at,
          },
        },
      ];
  }
}

/** Only an order still waiting for its payment can be cancelled. */
export function assertCancellable(state: OrderState): void {
  if (!state.placed) refuse('not_found', 'order_not_found', 'Order not found');
  if (!isAwaitingPayment(state))
    refuse('conflict', 'order_not_cancellable', `The order is ${state.status} and can no longer be cancelled`);
}

/**
 * The payment succeeded: the held tickets become sold. Refused when the order has ended meanwhile
 * (the hold expired, or the concert was cancelled): the money must then be refunded.
 */
export function markPaid(
  state: OrderState,
  cmd: { paymentId: string; concertsOnSale: boolean; now: Date },
): OrderEvent[] {
  if (isPaid(state)) return [];
  if (!isAwaitingPayment(state))
    refuse('conflict', 'order_closed', `The order is ${state.status}: its payment must be refunded`);
  if (!cmd.concertsOnSale)
    refuse('conflict', 'concert_cancelled', 'The concert was cancelled: the payment must be refunded');
  return [
    {
      type: 'OrderPaid',
      data: { orderId: state.orderId!, paymentId: cmd.paymentId, lines: state.held, paidAt: cmd.now.toISOString() },
    },
  ];
}

export function fulfil(state: OrderState, cmd: { ticketIds: string[]; now: Date }): OrderEvent[] {
  if (state.status !== 'Paid') return [];
  return [
    {
      type: 'OrderFulfilled',
      data: { orderId: state.orderId!, ticketIds: cmd.ticketIds, fulfilledAt: cmd.now.toISOString() },
    },
  ];
}

/** A paid order whose concert was cancelled: refunded in full. */
export function refundOrder(state: OrderState, cmd: { now: Date }): OrderEvent[] {
  if (!isPaid(state)) return [];
  return [
    {
      type: 'OrderRefunded',
      data: {
        orderId: state.orderId!,
        paymentId: state.paymentId!,
        lines: state.sold,
        reason: 'concert_cancelled',
        refundedAt: cmd.now.toISOString(),
      },
    },
  ];
}
