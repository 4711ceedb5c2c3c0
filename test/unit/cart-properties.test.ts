import fc from 'fast-check';
import { evolveCart, findLine, initialCartState, type CartState } from '../../src/domain/carts/cart';
import { addItem, changeQuantity, clearCart, mergeCarts, removeItem } from '../../src/domain/carts/cart-decisions';
import type { CartEvent, MergedLine } from '../../src/domain/carts/cart-events';
import { lineKey, type TicketLevelFacts } from '../../src/domain/carts/catalog-facts';
import { DomainError } from '../../src/domain/shared/errors';

// Random command sequences against one user cart and two anonymous carts, with random catalog facts
// at every step: whatever happens, the cart invariants hold.

const now = new Date('2026-11-21T10:00:00.000Z');
const ANONYMOUS = ['anon-1', 'anon-2', 'anon-3', 'anon-4'] as const;
const CARTS = ['user', ...ANONYMOUS] as const;
const LEVELS = [
  { concertId: 'k1', ticketLevel: 'GA' },
  { concertId: 'k1', ticketLevel: 'VIP' },
  { concertId: 'k2', ticketLevel: 'GA' },
];
type CartName = (typeof CARTS)[number];
type Level = (typeof LEVELS)[number];

// Weighted toward what succeeds, so sequences build up full carts and merges that have to cap.
const facts: fc.Arbitrary<TicketLevelFacts> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<TicketLevelFacts>({ kind: 'unknown_concert' }) },
  { weight: 1, arbitrary: fc.constant<TicketLevelFacts>({ kind: 'unknown_level' }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('level' as const),
      onSale: fc.oneof({ weight: 1, arbitrary: fc.constant(false) }, { weight: 5, arbitrary: fc.constant(true) }),
      available: fc.integer({ min: 0, max: 15 }),
    }),
  },
);
const level = fc.constantFrom(...LEVELS);
const cart = fc.constantFrom(...CARTS);
const quantity = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1, max: 13 }) },
);

type Command =
  | { kind: 'add' | 'change'; cart: CartName; level: Level; quantity: number; facts: TicketLevelFacts }
  | { kind: 'remove'; cart: CartName; level: Level }
  | { kind: 'clear'; cart: CartName }
  | { kind: 'merge'; from: (typeof ANONYMOUS)[number]; facts: TicketLevelFacts[] };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), cart, level, quantity, facts }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('change' as const), cart, level, quantity, facts }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), cart, level }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), cart }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('merge' as const),
      from: fc.constantFrom(...ANONYMOUS),
      facts: fc.array(facts, { minLength: LEVELS.length, maxLength: LEVELS.length }),
    }),
  },
);

const availableOf = (f: TicketLevelFacts) => (f.kind === 'level' ? f.available : 0);
const tickets = (state: CartState) => state.lines.reduce((sum, l) => sum + l.quantity, 0);

function refusalOf(fn: () => unknown): DomainError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

function assertInvariants(states: Record<CartName, CartState>, max: number): void {
  for (const name of CARTS) {
    const state = states[name];
    for (const line of state.lines) {
      expect(Number.isInteger(line.quantity)).toBe(true);
      expect(line.quantity).toBeGreaterThanOrEqual(1);
      expect(line.quantity).toBeLessThanOrEqual(max);
    }
    const keys = state.lines.map((l) => lineKey(l.concertId, l.ticketLevel));
    expect(new Set(keys).size).toBe(keys.length);
    if (state.status === 'merged') expect(state.lines).toEqual([]);
  }
  expect(states.user.status).toBe('open');
}

function run(max: number, commands: Command[]): void {
  const states = Object.fromEntries(CARTS.map((name) => [name, initialCartState()])) as Record<CartName, CartState>;
  const apply = (name: CartName, events: CartEvent[]) => {
    states[name] = events.reduce(evolveCart, states[name]);
  };

  for (const cmd of commands) {
    if (cmd.kind === 'merge') {
      const levels = Object.fromEntries(LEVELS.map((l, i) => [lineKey(l.concertId, l.ticketLevel), cmd.facts[i]]));
      const before = states.user;
      const wasMerged = states[cmd.from].status === 'merged';
      const decide = () =>
        mergeCarts(states.user, states[cmd.from], {
          userCartId: 'user',
          anonymousCartId: cmd.from,
          levels,
          maxQuantity: max,
          now,
        });
      const refused = refusalOf(decide);
      if (refused) {
        expect(refused.code).toBe('cart_not_found');
        expect(states[cmd.from].started).toBe(false);
        continue;
      }
      const events = decide();
      if (wasMerged) {
        // A merged cart stays merged: merging it again changes nothing.
        expect(events).toEqual({ userCart: [], anonymousCart: [] });
        continue;
      }
      const lines = (events.userCart[0].data as { lines: MergedLine[] }).lines;
      apply('user', events.userCart);
      apply(cmd.from, events.anonymousCart);
      for (const line of lines) {
        expect(line.added).toBeGreaterThanOrEqual(0);
        expect(line.added).toBeLessThanOrEqual(line.requested);
        if (line.added > 0) {
          const given = levels[lineKey(line.concertId, line.ticketLevel)];
          expect(given.kind === 'level' && given.onSale).toBe(true);
          expect(line.lineQuantity).toBeLessThanOrEqual(availableOf(given));
        }
      }
      expect(tickets(states.user)).toBe(tickets(before) + lines.reduce((sum, l) => sum + l.added, 0));
      expect(states[cmd.from]).toMatchObject({ status: 'merged', lines: [], mergedInto: 'user' });
      continue;
    }

    const state = states[cmd.cart];
    const decide = (): CartEvent[] => {
      const base = { cartId: cmd.cart, now };
      switch (cmd.kind) {
        case 'add':
          return addItem(state, { ...base, ...cmd.level, quantity: cmd.quantity, level: cmd.facts, maxQuantity: max });
        case 'change':
          return changeQuantity(state, {
            ...base,
            ...cmd.level,
            quantity: cmd.quantity,
            level: cmd.facts,
            maxQuantity: max,
          });
        case 'remove':
          return removeItem(state, { ...base, ...cmd.level });
        case 'clear':
          return clearCart(state, base);
      }
    };
    const refused = refusalOf(decide);
    if (state.status === 'merged') {
      // A merged cart is closed for good.
      expect(refused?.code).toBe('cart_closed');
      continue;
    }
    if ((cmd.kind === 'add' || cmd.kind === 'change') && (cmd.quantity < 1 || cmd.quantity > max)) {
      expect(refused?.code).toBe('quantity_out_of_range');
    }
    if (refused) continue;
    const before = 'level' in cmd ? (findLine(state, cmd.level.concertId, cmd.level.ticketLevel)?.quantity ?? 0) : 0;
    apply(cmd.cart, decide());
    if (cmd.kind === 'add' || cmd.kind === 'change') {
      const after = findLine(states[cmd.cart], cmd.level.concertId, cmd.level.ticketLevel)?.quantity ?? 0;
      // Anything that raised a line did so only within what the catalog said was available then.
      if (after > before) expect(after).toBeLessThanOrEqual(availableOf(cmd.facts));
    }
    assertInvariants(states, max);
  }
  assertInvariants(states, max);
}

describe('cart decider properties', () => {
  it('keeps every invariant under random command sequences and catalog facts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(command, { minLength: 10, maxLength: 80, size: 'max' }),
        (max, commands) => run(max, commands),
      ),
      { numRuns: 300 },
    );
  });
});
