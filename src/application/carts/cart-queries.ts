import type { Db } from '../../infra/db/prisma';
import { refuse } from '../../domain/shared/errors';
import { cartIdOf, type CartOwner } from './cart-ownership';
import { buildCartView, EMPTY_CART, type CartView } from './cart-view';
import type { CatalogAvailability } from './catalog-availability';

/** Cart contents and summary, from the carts read model joined with the catalog at read time. */
export class CartQueries {
  constructor(
    private readonly db: Db,
    private readonly catalog: CatalogAvailability,
  ) {}

  /**
   * A visitor without a token, or a user who never added anything, has an empty cart. A token that
   * opened no cart is refused (404), so a client holding a stale or mistyped token finds out.
   */
  async view(owner: CartOwner | undefined): Promise<CartView> {
    if (!owner) return EMPTY_CART;
    const cartId = cartIdOf(owner);
    const [cart, lines] = await Promise.all([
      this.db.cart.findUnique({ where: { cartId } }),
      this.db.cartLine.findMany({
        where: { cartId },
        orderBy: { position: 'asc' },
      }),
    ]);
    if (!cart) {
      if (owner.kind === 'anonymous') refuse('not_found', 'cart_not_found', 'No cart belongs to this cart token');
      return EMPTY_CART;
    }
    const entries = await this.catalog.findLevels(lines);
    return buildCartView(cart.status === 'merged' ? 'merged' : 'open', lines, entries);
  }
}
