import { mergeCarts } from '../../domain/carts/cart-decisions';
import type { AnonymousCartMerged, CartEvent, MergedLine } from '../../domain/carts/cart-events';
import { CART_STREAM_TYPE, cartStreamId } from '../../domain/carts/cart-events';
import { lineKey } from '../../domain/carts/catalog-facts';
import { ConcurrencyError } from '../../infra/event-store/errors';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import type { StreamAppend } from '../../infra/event-store/types';
import type { CartCommands } from './cart-commands';
import { anonymousCartId, userCartId } from './cart-ownership';
import { toLevelFacts, type CatalogAvailability } from './catalog-availability';

const MAX_ATTEMPTS = 3;

/**
 * Merges a visitor's anonymous cart into their cart once they sign in. Both streams are appended in
 * one transaction with their expected versions, so the lines can never be in both carts, or lost.
 */
export class CartMerger {
  constructor(
    private readonly eventStore: EventStore,
    private readonly carts: CartCommands,
    private readonly catalog: CatalogAvailability,
    private readonly limits: { maxQuantityPerLine: number },
  ) {}

  /**
   * What became of each anonymous line. Asking again reports the same merge (a retried login or
   * request sees what happened the first time); a cart that merged into someone else's reports nothing.
   */
  async merge(userId: string, token: string): Promise<MergedLine[]> {
    const into = userCartId(userId);
    const from = anonymousCartId(token);
    for (let attempt = 1; ; attempt++) {
      const [user, anonymous] = await Promise.all([this.carts.load(into), this.carts.load(from)]);
      const entries = await this.catalog.findLevels(anonymous.state.lines);
      const levels = Object.fromEntries(entries.map((e) => [lineKey(e.concertId, e.ticketLevel), toLevelFacts(e)]));
      const events = mergeCarts(user.state, anonymous.state, {
        userCartId: into,
        anonymousCartId: from,
        levels,
        maxQuantity: this.limits.maxQuantityPerLine,
        now: new Date(),
      });
      if (events.userCart.length === 0) {
        return anonymous.state.mergedInto === into ? this.recordedMerge(into, from) : [];
      }
      try {
        const result = await this.eventStore.append([
          this.toAppend(into, user.version, events.userCart, [from, into], userId),
          this.toAppend(from, anonymous.version, events.anonymousCart, [from, into], userId),
        ]);
        // A concurrent request for the same merge got there first: report what it recorded.
        if (!result.appended) return this.recordedMerge(into, from);
      } catch (err) {
        // Either cart changed meanwhile (another tab, a second login): decide again on fresh state.
        if (err instanceof ConcurrencyError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      return (events.userCart[0] as AnonymousCartMerged).data.lines;
    }
  }

  private async recordedMerge(into: string, from: string): Promise<MergedLine[]> {
    const events = await this.eventStore.readStream(cartStreamId(into));
    const merged = events.find(
      (e) => e.type === 'AnonymousCartMerged' && (e.data as AnonymousCartMerged['data']).fromCartId === from,
    );
    return merged ? (merged.data as AnonymousCartMerged['data']).lines : [];
  }

  private toAppend(
    cartId: string,
    version: number,
    events: CartEvent[],
    [from, into]: [string, string],
    actor: string,
  ): StreamAppend {
    const streamId = cartStreamId(cartId);
    return {
      streamId,
      streamType: CART_STREAM_TYPE,
      expectedVersion: version,
      // An anonymous cart merges once, so it and its target name the operation: a replayed merge writes
      // nothing new, and a merge racing it into another user's cart conflicts instead of reusing its ids.
      events: events.map((e, i) => ({
        ...e,
        eventId: deterministicId(`cart-merge:${from}:${into}`, streamId, e.type, i),
        metadata: { actor },
      })),
    };
  }
}
