import type { Money } from '../shared/money';

// Facts about one order, on its own stream. The holds on inventory are facts of the order too:
// they are written with the inventory change in one transaction, so the order's history and the
// counts of held and sold tickets can never disagree.

/** One line of an order as the customer confirmed it, priced from the catalog at that moment. */
export interface OrderLine {
  concertId: string;
  /** The organizing account, so refunds and statements never look the concert up. */
  accountId: string;
  concertName: string;
  ticketLevel: string;
  levelName: string;
  quantity: number;
  /** Minor units of `currency`. */
  unitPrice: number;
  currency: string;
}

/** How the tickets reach the customer. */
export type Delivery = { method: 'email' } | { method: 'courier'; address: CourierAddress };

export interface CourierAddress {
  name: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
}

/** A line that could not be held, with what was left when it was tried. */
export interface SoldOutLine {
  concertId: string;
  ticketLevel: string;
  requested: number;
  available: number;
}

/** Inventory lines: how many of a concert's level an event holds, releases or sells. */
export interface InventoryLine {
  concertId: string;
  ticketLevel: string;
  quantity: number;
}

export type OrderStatus =
  | 'Pending'
  | 'TicketsHeld'
  | 'AwaitingPayment'
  | 'Paid'
  | 'Fulfilled'
  | 'Cancelled'
  | 'Expired'
  | 'PaymentFailed'
  | 'Rejected'
  | 'Refunded';

export type OrderPlaced = {
  type: 'OrderPlaced';
  data: {
    orderId: string;
    customerId: string;
    cartId: string;
    lines: OrderLine[];
    total: Money;
    delivery: Delivery;
    paymentMethodId: string;
    /** Hash of the checkout request, so a reused idempotency key with another body is recognised. */
    requestHash: string;
    placedAt: string;
  };
};
/** Every line is held until `expiresAt`; the inventory counts changed in the same transaction. */
export type TicketsHeld = {
  type: 'TicketsHeld';
  data: { orderId: string; lines: InventoryLine[]; heldAt: string; expiresAt: string };
};
/** Nothing was held: at least one line could not be. */
export type OrderRejected = {
  type: 'OrderRejected';
  data: { orderId: string; reason: 'sold_out' | 'not_on_sale'; lines: SoldOutLine[]; rejectedAt: string };
};
export type PaymentAwaited = {
  type: 'PaymentAwaited';
  data: { orderId: string; paymentId: string; awaitingSince: string };
};
export type HoldReleased = {
  type: 'HoldReleased';
  data: {
    orderId: string;
    lines: InventoryLine[];
    reason: 'cancelled' | 'expired' | 'payment_failed' | 'concert_cancelled';
    releasedAt: string;
  };
};
/** Paid: the held tickets became sold in the same transaction. */
export type OrderPaid = {
  type: 'OrderPaid';
  data: { orderId: string; paymentId: string; lines: InventoryLine[]; paidAt: string };
};
export type OrderFulfilled = {
  type: 'OrderFulfilled';
  data: { orderId: string; ticketIds: string[]; fulfilledAt: string };
};
export type OrderCancelled = {
  type: 'OrderCancelled';
  data: {
    orderId: string;
    reason: 'customer' | 'operator' | 'concert_cancelled';
    cancelledBy: string;
    cancelledAt: string;
  };
};
export type OrderExpired = {
  type: 'OrderExpired';
  data: { orderId: string; expiredAt: string };
};
export type OrderPaymentFailed = {
  type: 'OrderPaymentFailed';
  data: { orderId: string; paymentId: string; failureCode: string; failedAt: string };
};
/** A paid order was refunded in full (its concert was cancelled); its sold tickets return to no one. */
export type OrderRefunded = {
  type: 'OrderRefunded';
  data: { orderId: string; paymentId: string; lines: InventoryLine[]; reason: 'concert_cancelled'; refundedAt: string };
};

export type OrderEvent =
  | OrderPlaced
  | TicketsHeld
  | OrderRejected
  | PaymentAwaited
  | HoldReleased
  | OrderPaid
  | OrderFulfilled
  | OrderCancelled
  | OrderExpired
  | OrderPaymentFailed
  | OrderRefunded;

export const ORDER_EVENT_TYPES: ReadonlyArray<OrderEvent['type']> = [
  'OrderPlaced',
  'TicketsHeld',
  'OrderRejected',
  'PaymentAwaited',
  'HoldReleased',
  'OrderPaid',
  'OrderFulfilled',
  'OrderCancelled',
  'OrderExpired',
  'OrderPaymentFailed',
  'OrderRefunded',
];

/** The events that move tickets between available, held and sold. */
export const INVENTORY_EVENT_TYPES: ReadonlyArray<OrderEvent['type']> = [
  'TicketsHeld',
  'HoldReleased',
  'OrderPaid',
  'OrderRefunded',
];

export const ORDER_STREAM_TYPE = 'order';
export const orderStreamId = (orderId: string): string => `order-${orderId}`;
