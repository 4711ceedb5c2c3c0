import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveCart, initialCartState, type CartState } from '../../domain/carts/cart';
import { CART_STREAM_TYPE, cartStreamId, type CartEvent } from '../../domain/carts/cart-events';

export const cartAggregate: AggregateType<CartState, CartEvent> = {
  streamType: CART_STREAM_TYPE,
  streamId: cartStreamId,
  initialState: initialCartState,
  evolve: evolveCart,
};

/** Commands on cart streams. */
export class CartCommands extends AggregateCommands<CartState, CartEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, cartAggregate);
  }
}
