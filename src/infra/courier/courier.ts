import type { CourierAddress } from '../../domain/orders/order-events';

/** A ticket to be carried to the customer. */
export interface Shipment {
  ticketId: string;
  orderId: string;
  address: CourierAddress;
}

export interface DispatchReceipt {
  trackingNumber: string;
  /** Which courier carries it, for the record and the customer. */
  carrier: string;
}

/**
 * The courier port. `dispatch` hands one ticket over and answers its tracking number; it must be
 * idempotent per ticket (a retried dispatch is the same shipment with the same tracking number), e.g.
 * by passing the ticket id as the provider's idempotency key. The courier reports delivery later on
 * its own: the checkout workflow `checkout-<orderId>` receives `courierDeliveredSignal`.
 */
export interface Courier {
  readonly carrier: string;
  dispatch(shipment: Shipment): Promise<DispatchReceipt>;
}

/** The courier could not take the shipment. Retryable when it may work later (down, rate limited). */
export class CourierError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CourierError';
  }
}
