import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { Tx } from '../../infra/db/prisma';
import { CART_EVENT_TYPES, type CartEvent } from '../../domain/carts/cart-events';

/** `cart_lines`: what each open cart holds, one row per concert and ticket level. */
export const cartLinesProjection: Projection = {
  name: 'cart-lines',
  tables: ['cart_lines'],
  handles: CART_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as CartEvent;
    const at = recorded.recordedAt;
    switch (event.type) {
      case 'CartItemAdded': {
        const { cartId, concertId, ticketLevel, lineQuantity } = event.data;
        return setQuantity(tx, { cartId, concertId, ticketLevel }, lineQuantity, at);
      }
      case 'CartItemQuantityChanged': {
        const { cartId, concertId, ticketLevel, quantity } = event.data;
        return setQuantity(tx, { cartId, concertId, ticketLevel }, quantity, at);
      }
      case 'CartItemRemoved': {
        const { cartId, concertId, ticketLevel } = event.data;
        await tx.cartLine.deleteMany({ where: { cartId, concertId, ticketLevel } });
        return;
      }
      case 'AnonymousCartMerged':
        for (const line of event.data.lines.filter((l) => l.added > 0)) {
          const key = { cartId: event.data.cartId, concertId: line.concertId, ticketLevel: line.ticketLevel };
          await setQuantity(tx, key, line.lineQuantity, at);
        }
        return;
      case 'CartCleared':
      case 'CartCheckedOut':
      case 'CartMergedAway':
        await tx.cartLine.deleteMany({ where: { cartId: event.data.cartId } });
        return;
    }
  },
};

/** Creates the line at the end of the cart, or sets the quantity of the line already there. */
async function setQuantity(
  tx: Tx,
  key: { cartId: string; concertId: string; ticketLevel: string },
  quantity: number,
  at: Date,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO cart_lines (cart_id, concert_id, ticket_level, quantity, position, added_at, updated_at)
    SELECT ${key.cartId}::uuid, ${key.concertId}::uuid, ${key.ticketLevel}, ${quantity},
           coalesce(max(position), 0) + 1, ${at}, ${at}
      FROM cart_lines WHERE cart_id = ${key.cartId}::uuid
    ON CONFLICT (cart_id, concert_id, ticket_level)
    DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`;
}
