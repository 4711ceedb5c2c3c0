import { evolveCart, initialCartState, type CartState } from '../../src/domain/carts/cart';
import {
  addItem,
  changeQuantity,
  clearCart,
  mergeCarts,
  removeItem,
  type MergeCommand,
} from '../../src/domain/carts/cart-decisions';
import type { CartEvent } from '../../src/domain/carts/cart-events';
import { lineKey, type TicketLevelFacts } from '../../src/domain/carts/catalog-facts';
import { refusalCode } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const at = now.toISOString();
const MAX = 10;
const given = (...events: CartEvent[]): CartState => events.reduce(evolveCart, initialCartState());
const onSale = (available = 100): TicketLevelFacts => ({ kind: 'level', onSale: true, available });
const cancelled: TicketLevelFacts = { kind: 'level', onSale: false, available: 100 };
const refusal = refusalCode;

const added = (quantity: number, lineQuantity = quantity, ticketLevel = 'GA', cartId = 'c1'): CartEvent => ({
  type: 'CartItemAdded',
  data: { cartId, concertId: 'k1', ticketLevel, quantity, lineQuantity, addedAt: at },
});
const add = (state: CartState, quantity: number, level = onSale(), ticketLevel = 'GA') =>
  addItem(state, { cartId: 'c1', concertId: 'k1', ticketLevel, quantity, level, maxQuantity: MAX, now });
const change = (state: CartState, quantity: number, level = onSale(), ticketLevel = 'GA') =>
  changeQuantity(state, { cartId: 'c1', concertId: 'k1', ticketLevel, quantity, level, maxQuantity: MAX, now });

describe('cart decider', () => {
  describe('addItem', () => {
    it('adds a new line', () => {
      expect(add(given(), 2)).toEqual([added(2)]);
    });

    it('merges tickets of the same concert and level into one line', () => {
      const events = add(given(added(2)), 3);
      expect(events).toEqual([added(3, 5)]);
      expect(given(added(2), ...events).lines).toEqual([{ concertId: 'k1', ticketLevel: 'GA', quantity: 5 }]);
    });

    it('keeps different levels of one concert on separate lines', () => {
      const state = given(added(2), ...add(given(added(2)), 1, onSale(), 'VIP'));
      expect(state.lines.map((l) => [l.ticketLevel, l.quantity])).toEqual([
        ['GA', 2],
        ['VIP', 1],
      ]);
    });

    it.each([0, -1, MAX + 1, 1.5])('refuses a quantity of %p (422 quantity_out_of_range)', (quantity) => {
      expect(refusal(() => add(given(), quantity))).toEqual({ kind: 'invalid', code: 'quantity_out_of_range' });
    });

    it('accepts exactly the maximum', () => {
      expect(add(given(), MAX)).toEqual([added(MAX)]);
    });

    it('refuses an add that takes the line above the maximum', () => {
      expect(refusal(() => add(given(added(8)), 3))).toEqual({ kind: 'invalid', code: 'quantity_out_of_range' });
    });

    it('refuses an unknown concert (404) and an unknown level (422)', () => {
      expect(refusal(() => add(given(), 1, { kind: 'unknown_concert' }))).toEqual({
        kind: 'not_found',
        code: 'concert_not_found',
      });
      expect(refusal(() => add(given(), 1, { kind: 'unknown_level' }))).toEqual({
        kind: 'invalid',
        code: 'unknown_ticket_level',
      });
    });

    it('refuses a concert that is not on sale (cancelled)', () => {
      expect(refusal(() => add(given(), 1, cancelled))).toEqual({ kind: 'invalid', code: 'concert_not_on_sale' });
    });

    it('refuses more than is available, naming what is', () => {
      expect(refusal(() => add(given(), 4, onSale(3)))).toEqual({ kind: 'conflict', code: 'not_enough_tickets' });
      expect(() => add(given(), 4, onSale(3))).toThrow(/Only 3 tickets are available/);
    });

    it('counts what the line already holds against availability', () => {
      expect(refusal(() => add(given(added(2)), 2, onSale(3)))).toEqual({
        kind: 'conflict',
        code: 'not_enough_tickets',
      });
      expect(add(given(added(2)), 1, onSale(3))).toEqual([added(1, 3)]);
    });

    it('refuses any change to a cart that merged away', () => {
      const merged = given(added(2), {
        type: 'CartMergedAway',
        data: { cartId: 'c1', mergedInto: 'u1', mergedAt: at },
      });
      expect(refusal(() => add(merged, 1))).toEqual({ kind: 'conflict', code: 'cart_closed' });
      expect(refusal(() => change(merged, 1))).toEqual({ kind: 'conflict', code: 'cart_closed' });
      expect(refusal(() => removeItem(merged, { cartId: 'c1', concertId: 'k1', ticketLevel: 'GA', now }))).toEqual({
        kind: 'conflict',
        code: 'cart_closed',
      });
      expect(refusal(() => clearCart(merged, { cartId: 'c1', now }))).toEqual({
        kind: 'conflict',
        code: 'cart_closed',
      });
    });
  });

  describe('changeQuantity', () => {
    it('sets the quantity of a line', () => {
      expect(change(given(added(2)), 5)).toEqual([
        {
          type: 'CartItemQuantityChanged',
          data: { cartId: 'c1', concertId: 'k1', ticketLevel: 'GA', quantity: 5, previousQuantity: 2, changedAt: at },
        },
      ]);
    });

    it('is a no-op for the same quantity', () => {
      expect(change(given(added(2)), 2)).toEqual([]);
    });

    it.each([0, MAX + 1])('refuses a quantity of %p', (quantity) => {
      expect(refusal(() => change(given(added(2)), quantity))).toEqual({
        kind: 'invalid',
        code: 'quantity_out_of_range',
      });
    });

    it('refuses an unknown line with 404', () => {
      expect(refusal(() => change(given(added(2)), 1, onSale(), 'VIP'))).toEqual({
        kind: 'not_found',
        code: 'cart_line_not_found',
      });
    });

    it('refuses raising a line beyond what is available, or for a concert no longer on sale', () => {
      expect(refusal(() => change(given(added(2)), 4, onSale(3)))).toEqual({
        kind: 'conflict',
        code: 'not_enough_tickets',
      });
      expect(refusal(() => change(given(added(2)), 3, cancelled))).toEqual({
        kind: 'invalid',
        code: 'concert_not_on_sale',
      });
      expect(refusal(() => change(given(added(2)), 3, { kind: 'unknown_level' }))).toEqual({
        kind: 'invalid',
        code: 'unknown_ticket_level',
      });
    });

    it('always allows lowering a line, whatever the catalog says now', () => {
      expect(change(given(added(5)), 2, cancelled)).toHaveLength(1);
      expect(change(given(added(5)), 2, onSale(0))).toHaveLength(1);
      expect(change(given(added(5)), 2, { kind: 'unknown_concert' })).toHaveLength(1);
    });
  });

  describe('removeItem and clearCart', () => {
    it('removes a line', () => {
      const events = removeItem(given(added(2)), { cartId: 'c1', concertId: 'k1', ticketLevel: 'GA', now });
      expect(events).toEqual([
        {
          type: 'CartItemRemoved',
          data: { cartId: 'c1', concertId: 'k1', ticketLevel: 'GA', quantity: 2, removedAt: at },
        },
      ]);
      expect(given(added(2), ...events).lines).toEqual([]);
    });

    it('refuses to remove an unknown line with 404', () => {
      expect(refusal(() => removeItem(given(), { cartId: 'c1', concertId: 'k1', ticketLevel: 'GA', now }))).toEqual({
        kind: 'not_found',
        code: 'cart_line_not_found',
      });
    });

    it('clears every line, and an empty cart is a no-op', () => {
      const events = clearCart(given(added(2), added(1, 1, 'VIP')), { cartId: 'c1', now });
      expect(events).toEqual([{ type: 'CartCleared', data: { cartId: 'c1', clearedAt: at } }]);
      expect(given(added(2), ...events).lines).toEqual([]);
      expect(clearCart(given(), { cartId: 'c1', now })).toEqual([]);
    });
  });

  describe('mergeCarts', () => {
    const anon = (ticketLevel: string, quantity: number): CartEvent => added(quantity, quantity, ticketLevel, 'a1');
    const user = (ticketLevel: string, quantity: number): CartEvent => added(quantity, quantity, ticketLevel, 'u1');
    const merge = (userCart: CartState, anonymousCart: CartState, levels: Record<string, TicketLevelFacts>) => {
      const cmd: MergeCommand = { userCartId: 'u1', anonymousCartId: 'a1', levels, maxQuantity: MAX, now };
      return mergeCarts(userCart, anonymousCart, cmd);
    };
    const facts = (entries: Record<string, TicketLevelFacts>) =>
      Object.fromEntries(Object.entries(entries).map(([level, f]) => [lineKey('k1', level), f]));

    it("moves the anonymous lines into the user's cart and closes the anonymous cart", () => {
      const events = merge(given(), given(anon('GA', 2)), facts({ GA: onSale() }));
      expect(events).toEqual({
        userCart: [
          {
            type: 'AnonymousCartMerged',
            data: {
              cartId: 'u1',
              fromCartId: 'a1',
              lines: [
                { concertId: 'k1', ticketLevel: 'GA', requested: 2, added: 2, lineQuantity: 2, outcome: 'taken' },
              ],
              mergedAt: at,
            },
          },
        ],
        anonymousCart: [{ type: 'CartMergedAway', data: { cartId: 'a1', mergedInto: 'u1', mergedAt: at } }],
      });
      expect(given(anon('GA', 2), ...events.anonymousCart)).toMatchObject({ status: 'merged', lines: [] });
      expect(given(...events.userCart).lines).toEqual([{ concertId: 'k1', ticketLevel: 'GA', quantity: 2 }]);
    });

    it("adds to the user's existing line, capped at the maximum", () => {
      const { userCart } = merge(given(user('GA', 7)), given(anon('GA', 5)), facts({ GA: onSale() }));
      expect(userCart[0].data).toMatchObject({
        lines: [{ requested: 5, added: 3, lineQuantity: 10, outcome: 'capped', reason: 'max_quantity' }],
      });
    });

    it('caps by availability, counting what the user already holds', () => {
      const { userCart } = merge(given(user('GA', 2)), given(anon('GA', 5)), facts({ GA: onSale(4) }));
      expect(userCart[0].data).toMatchObject({
        lines: [{ requested: 5, added: 2, lineQuantity: 4, outcome: 'capped', reason: 'not_enough_tickets' }],
      });
    });

    it('drops lines that cannot be bought, each with its reason', () => {
      const anonymous = given(anon('GA', 1), anon('VIP', 1), anon('PIT', 1), anon('BOX', 1), anon('FULL', 1));
      const levels = facts({
        GA: cancelled,
        VIP: { kind: 'unknown_level' },
        PIT: { kind: 'unknown_concert' },
        BOX: onSale(0),
        FULL: onSale(),
      });
      const { userCart } = merge(given(user('FULL', MAX)), anonymous, levels);
      const lines = (userCart[0].data as { lines: Array<{ ticketLevel: string; reason?: string; added: number }> })
        .lines;
      expect(lines.map((l) => [l.ticketLevel, l.added, l.reason])).toEqual([
        ['GA', 0, 'concert_not_on_sale'],
        ['VIP', 0, 'unknown_ticket_level'],
        ['PIT', 0, 'concert_not_found'],
        ['BOX', 0, 'not_enough_tickets'],
        ['FULL', 0, 'max_quantity'],
      ]);
      expect(given(user('FULL', MAX), ...userCart).lines).toEqual([
        { concertId: 'k1', ticketLevel: 'FULL', quantity: MAX },
      ]);
    });

    it('is a no-op for a cart that merged already (idempotent)', () => {
      const anonymous = given(anon('GA', 2));
      const first = merge(given(), anonymous, facts({ GA: onSale() }));
      const again = merge(given(...first.userCart), given(anon('GA', 2), ...first.anonymousCart), facts({}));
      expect(again).toEqual({ userCart: [], anonymousCart: [] });
    });

    it('refuses a token whose cart does not exist (404)', () => {
      expect(refusal(() => merge(given(), given(), {}))).toEqual({ kind: 'not_found', code: 'cart_not_found' });
    });

    it('refuses to merge a cart into itself', () => {
      const cmd: MergeCommand = { userCartId: 'a1', anonymousCartId: 'a1', levels: {}, maxQuantity: MAX, now };
      expect(refusal(() => mergeCarts(given(), given(anon('GA', 1)), cmd))).toEqual({
        kind: 'bad_request',
        code: 'cart_merge_self',
      });
    });
  });
});
