import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { Tx } from '../../infra/db/prisma';
import { CART_EVENT_TYPES, type CartEvent } from '../../domain/carts/cart-events';

/** `carts`: which carts exist and whether they are open or merged away. */
export const cartsProjection: Projection = {
  name: 'carts',
  tables: ['carts'],
  handles: CART_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as CartEvent;
    const { cartId } = event.data;
    // The event's own time, not the clock: a rebuild writes the same rows.
    const row =
      event.type === 'CartMergedAway'
        ? { status: 'merged', mergedInto: event.data.mergedInto, updatedAt: recorded.recordedAt }
        : { updatedAt: recorded.recordedAt };
    await tx.cart.upsert({
      where: { cartId },
      create: { cartId, status: 'open', ...row },
      update: row,
    });
  },
};
