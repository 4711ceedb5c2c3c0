import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolvePayment, initialPaymentState, type PaymentState } from '../../domain/payments/payment';
import { PAYMENT_STREAM_TYPE, paymentStreamId, type PaymentEvent } from '../../domain/payments/payment-events';

/** A payment stream is keyed by its order: one payment per order. */
export const paymentAggregate: AggregateType<PaymentState, PaymentEvent> = {
  streamType: PAYMENT_STREAM_TYPE,
  streamId: paymentStreamId,
  initialState: initialPaymentState,
  evolve: evolvePayment,
};

/** Commands on payment streams, by order id. */
export class PaymentCommands extends AggregateCommands<PaymentState, PaymentEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, paymentAggregate);
  }
}
