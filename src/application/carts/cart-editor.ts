import { randomUUID } from 'node:crypto';
import type { CartState } from '../../domain/carts/cart';
import { addItem, changeQuantity, clearCart, removeItem } from '../../domain/carts/cart-decisions';
import type { CartEvent } from '../../domain/carts/cart-events';
import { refuse } from '../../domain/shared/errors';
import type { CartCommands } from './cart-commands';
import { anonymousCartId, cartIdOf, newCartToken, type CartOwner } from './cart-ownership';
import { findLevel, toLevelFacts, type CatalogAvailability, type LevelKey } from './catalog-availability';

export interface AddedItem {
  cartId: string;
  /** Set when this add opened a new anonymous cart: the visitor's token for it. */
  newToken?: string;
  /** False when the tickets went into a line the cart already had. */
  newLine: boolean;
}

/** The commands a fan gives their cart; catalog facts are looked up here and handed to the deciders. */
export class CartEditor {
  constructor(
    private readonly carts: CartCommands,
    private readonly catalog: CatalogAvailability,
    private readonly limits: { maxQuantityPerLine: number },
  ) {}

  /** Without an owner, the first add opens an anonymous cart and hands out its token. */
  async add(owner: CartOwner | undefined, item: LevelKey & { quantity: number }): Promise<AddedItem> {
    const newToken = owner ? undefined : newCartToken();
    const cartId = owner ? cartIdOf(owner) : anonymousCartId(newToken!);
    const level = toLevelFacts(await findLevel(this.catalog, item));
    const { events } = await this.carts.execute(
      cartId,
      (state) =>
        addItem(this.existing(owner, state), {
          cartId,
          ...item,
          level,
          maxQuantity: this.limits.maxQuantityPerLine,
          now: new Date(),
        }),
      this.options(owner, 'cart-add'),
    );
    const added = events[0] as Extract<CartEvent, { type: 'CartItemAdded' }>;
    return { cartId, newToken, newLine: added.data.lineQuantity === added.data.quantity };
  }

  async changeQuantity(owner: CartOwner | undefined, item: LevelKey & { quantity: number }): Promise<void> {
    if (!owner) return refuse('not_found', 'cart_line_not_found', 'The cart has no line for this concert and level');
    const cartId = cartIdOf(owner);
    const level = toLevelFacts(await findLevel(this.catalog, item));
    await this.carts.execute(
      cartId,
      (state) =>
        changeQuantity(this.existing(owner, state), {
          cartId,
          ...item,
          level,
          maxQuantity: this.limits.maxQuantityPerLine,
          now: new Date(),
        }),
      this.options(owner, 'cart-change'),
    );
  }

  async remove(owner: CartOwner | undefined, item: LevelKey): Promise<void> {
    if (!owner) return refuse('not_found', 'cart_line_not_found', 'The cart has no line for this concert and level');
    const cartId = cartIdOf(owner);
    await this.carts.execute(
      cartId,
      (state) => removeItem(this.existing(owner, state), { cartId, ...item, now: new Date() }),
      this.options(owner, 'cart-remove'),
    );
  }

  async clear(owner: CartOwner | undefined): Promise<void> {
    if (!owner) return;
    const cartId = cartIdOf(owner);
    await this.carts.execute(
      cartId,
      (state) => clearCart(this.existing(owner, state), { cartId, now: new Date() }),
      this.options(owner, 'cart-clear'),
    );
  }

  /** A cart token is only good for a cart it opened: a made-up or stale one never opens a new cart. */
  private existing(owner: CartOwner | undefined, state: CartState): CartState {
    if (owner?.kind === 'anonymous' && !state.started) {
      return refuse('not_found', 'cart_not_found', 'No cart belongs to this cart token');
    }
    return state;
  }

  private options(owner: CartOwner | undefined, operation: string) {
    return {
      operationId: `${operation}:${randomUUID()}`,
      metadata: { actor: owner?.kind === 'user' ? owner.userId : 'anonymous' },
    };
  }
}
