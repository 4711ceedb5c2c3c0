import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveOrder, initialOrderState, type OrderState } from '../../domain/orders/order';
import { ORDER_STREAM_TYPE, orderStreamId, type OrderEvent } from '../../domain/orders/order-events';

export const orderAggregate: AggregateType<OrderState, OrderEvent> = {
  streamType: ORDER_STREAM_TYPE,
  streamId: orderStreamId,
  initialState: initialOrderState,
  evolve: evolveOrder,
};

/** Commands on order streams. */
export class OrderCommands extends AggregateCommands<OrderState, OrderEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, orderAggregate);
  }
}
