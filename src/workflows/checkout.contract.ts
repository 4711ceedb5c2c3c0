import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Delivery, OrderStatus, SoldOutLine } from '../domain/orders/order-events';

// What the API, the checkout workflow and its activities agree on.

export const checkoutWorkflowId = (orderId: string): string => `checkout-${orderId}`;

export interface CheckoutInput {
  orderId: string;
  customerId: string;
  paymentMethodId: string;
  delivery: Delivery;
  /** Hash of the request body, so the same idempotency key with another body is refused. */
  requestHash: string;
}

/** One line as the hold answers it. */
export interface HeldLine {
  concertId: string;
  ticketLevel: string;
  concertName: string;
  levelName: string;
  quantity: number;
  unitPrice: number;
  currency: string;
}

/** What POST /checkout answers: the order and whether its tickets are held. */
export interface HoldResult {
  orderId: string;
  /** `TicketsHeld` (or later) when held; `Rejected` when a line was sold out (nothing held). */
  status: OrderStatus;
  holdExpiresAt: string | null;
  lines: HeldLine[];
  total: { amount: number; currency: string } | null;
  soldOut: SoldOutLine[];
  /** Set when the order was refused for another reason (an empty cart, mixed currencies…). */
  refusal?: { code: string; message: string };
}

/** What the workflow returns: the hold answer (for a retried request after it closed) and how it ended. */
export interface CheckoutOutcome {
  hold: HoldResult;
  requestHash: string;
  status: OrderStatus;
}

/** What support staff and the API see of a running checkout. */
export interface CheckoutProgress {
  orderId: string;
  status: OrderStatus;
  holdExpiresAt: string | null;
  payment: {
    status: 'none' | 'pending' | 'succeeded' | 'failed' | 'refunded';
    intentId?: string;
    failureCode?: string;
  };
  ticketIds: string[];
  deliveries: Record<string, 'pending' | 'sent' | 'dispatched' | 'delivered' | 'failed'>;
}

export const placeOrderUpdate = defineUpdate<HoldResult, [{ requestHash: string }]>('placeOrder');
/** The customer (or staff) cancels before payment; answers the status after. */
export const cancelOrderUpdate = defineUpdate<OrderStatus, [{ by: string }]>('cancelOrder');
export const checkoutProgressQuery = defineQuery<CheckoutProgress>('status');

export interface PaymentSignal {
  intentId: string;
  /** Stripe's event id, so a duplicated webhook is recognised. */
  eventId: string;
  failureCode?: string;
  failureMessage?: string;
}
export const paymentSucceededSignal = defineSignal<[PaymentSignal]>('paymentSucceeded');
export const paymentFailedSignal = defineSignal<[PaymentSignal]>('paymentFailed');
export const courierDeliveredSignal =
  defineSignal<[{ ticketId: string; trackingNumber: string; deliveredAt: string }]>('courierDelivered');
export const concertCancelledSignal = defineSignal<[{ concertId: string }]>('concertCancelled');

/** Failure types the update carries back, so the API answers with the right status. */
export const CHECKOUT_REFUSALS = {
  keyReused: 'idempotency_key_reused',
  notCancellable: 'order_not_cancellable',
} as const;
