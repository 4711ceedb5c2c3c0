import type { Money } from '../shared/money';
import type { Delivery, InventoryLine, OrderEvent, OrderLine, OrderStatus, SoldOutLine } from './order-events';

export interface OrderState {
  placed: boolean;
  orderId?: string;
  customerId?: string;
  status: OrderStatus;
  lines: OrderLine[];
  total?: Money;
  delivery?: Delivery;
  paymentMethodId?: string;
  requestHash?: string;
  /** What the order holds right now (released or sold lines are gone from here). */
  held: InventoryLine[];
  sold: InventoryLine[];
  holdExpiresAt?: string;
  paymentId?: string;
  soldOut: SoldOutLine[];
  ticketIds: string[];
}

export const initialOrderState = (): OrderState => ({
  placed: false,
  status: 'Pending',
  lines: [],
  held: [],
  sold: [],
  soldOut: [],
  ticketIds: [],
});

/** Failures and endings after which nothing more happens to the order's tickets. */
export const CLOSED_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'Cancelled',
  'Expired',
  'PaymentFailed',
  'Rejected',
  'Refunded',
]);

/** Before payment: the customer may still cancel, and the hold may still expire. */
export const isAwaitingPayment = (state: OrderState): boolean =>
  state.status === 'TicketsHeld' || state.status === 'AwaitingPayment';

export const isPaid = (state: OrderState): boolean => state.status === 'Paid' || state.status === 'Fulfilled';

export const inventoryLines = (lines: OrderLine[]): InventoryLine[] =>
  lines.map(({ concertId, ticketLevel, quantity }) => ({ concertId, ticketLevel, quantity }));

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced': {
      const { orderId, customerId, lines, total, delivery, paymentMethodId, requestHash } = event.data;
      return { ...state, placed: true, orderId, customerId, lines, total, delivery, paymentMethodId, requestHash };
    }
    case 'TicketsHeld':
      return { ...state, status: 'TicketsHeld', held: event.data.lines, holdExpiresAt: event.data.expiresAt };
    case 'OrderRejected':
      return { ...state, status: 'Rejected', soldOut: event.data.lines };
    case 'PaymentAwaited':
      return { ...state, status: 'AwaitingPayment', paymentId: event.data.paymentId };
    case 'HoldReleased':
      return { ...state, held: [] };
    case 'OrderPaid':
      return { ...state, status: 'Paid', paymentId: event.data.paymentId, held: [], sold: event.data.lines };
    case 'OrderFulfilled':
      return { ...state, status: 'Fulfilled', ticketIds: event.data.ticketIds };
    case 'OrderCancelled':
      return { ...state, status: 'Cancelled' };
    case 'OrderExpired':
      return { ...state, status: 'Expired' };
    case 'OrderPaymentFailed':
      return { ...state, status: 'PaymentFailed' };
    case 'OrderRefunded':
      return { ...state, status: 'Refunded', sold: [] };
  }
}
