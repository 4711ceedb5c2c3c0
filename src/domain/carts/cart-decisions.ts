import { refuse } from '../shared/errors';
import { findLine, type CartState } from './cart';
import type { CartEvent, MergeAdjustment, MergedLine } from './cart-events';
import { lineKey, type TicketLevelFacts } from './catalog-facts';

// Deciders: given a cart's state and a command (with the catalog facts it needs), the events that
// follow, or a refusal. Commands that change nothing yield no events.

interface LineCommand {
  cartId: string;
  concertId: string;
  ticketLevel: string;
  now: Date;
}

interface QuantityCommand extends LineCommand {
  quantity: number;
  level: TicketLevelFacts;
  maxQuantity: number;
}

/** Adds tickets; a line for the same concert and level grows instead of a second line appearing. */
export function addItem(state: CartState, cmd: QuantityCommand): CartEvent[] {
  requireOpen(state);
  requireQuantityInRange(cmd.quantity, cmd.maxQuantity);
  const available = requireOnSale(cmd.level);
  const current = findLine(state, cmd.concertId, cmd.ticketLevel)?.quantity ?? 0;
  const lineQuantity = current + cmd.quantity;
  if (lineQuantity > cmd.maxQuantity) {
    refuse(
      'invalid',
      'quantity_out_of_range',
      `A line holds at most ${cmd.maxQuantity} tickets; this one has ${current} already`,
    );
  }
  requireAvailable(lineQuantity, available);
  const { cartId, concertId, ticketLevel, quantity, now } = cmd;
  return [
    {
      type: 'CartItemAdded',
      data: { cartId, concertId, ticketLevel, quantity, lineQuantity, addedAt: now.toISOString() },
    },
  ];
}

/**
 * Sets a line's quantity. Lowering it is always allowed (it only moves toward what the catalog can
 * sell); raising it must satisfy the same rules as adding.
 */
export function changeQuantity(state: CartState, cmd: QuantityCommand): CartEvent[] {
  requireOpen(state);
  requireQuantityInRange(cmd.quantity, cmd.maxQuantity);
  const line = requireLine(state, cmd.concertId, cmd.ticketLevel);
  if (cmd.quantity === line.quantity) return [];
  if (cmd.quantity > line.quantity) requireAvailable(cmd.quantity, requireOnSale(cmd.level));
  const { cartId, concertId, ticketLevel, quantity, now } = cmd;
  return [
    {
      type: 'CartItemQuantityChanged',
      data: {
        cartId,
        concertId,
        ticketLevel,
        quantity,
        previousQuantity: line.quantity,
        changedAt: now.toISOString(),
      },
    },
  ];
}

export function removeItem(state: CartState, cmd: LineCommand): CartEvent[] {
  requireOpen(state);
  const line = requireLine(state, cmd.concertId, cmd.ticketLevel);
  const { cartId, concertId, ticketLevel, now } = cmd;
  return [
    {
      type: 'CartItemRemoved',
      data: { cartId, concertId, ticketLevel, quantity: line.quantity, removedAt: now.toISOString() },
    },
  ];
}

export function clearCart(state: CartState, cmd: { cartId: string; now: Date }): CartEvent[] {
  requireOpen(state);
  if (state.lines.length === 0) return [];
  return [{ type: 'CartCleared', data: { cartId: cmd.cartId, clearedAt: cmd.now.toISOString() } }];
}

/**
 * Confirms the cart for an order: its lines go to the order and the cart is empty again. Confirming
 * an empty cart is an error (DOMAIN §3).
 */
export function checkOutCart(state: CartState, cmd: { cartId: string; orderId: string; now: Date }): CartEvent[] {
  requireOpen(state);
  if (state.lines.length === 0) refuse('invalid', 'cart_empty', 'The cart is empty: add tickets before checking out');
  return [
    {
      type: 'CartCheckedOut',
      data: {
        cartId: cmd.cartId,
        orderId: cmd.orderId,
        lines: state.lines.map(({ concertId, ticketLevel, quantity }) => ({ concertId, ticketLevel, quantity })),
        checkedOutAt: cmd.now.toISOString(),
      },
    },
  ];
}

export interface MergeCommand {
  userCartId: string;
  anonymousCartId: string;
  /** Facts for the anonymous cart's lines, by `lineKey`; a missing entry counts as an unknown concert. */
  levels: Record<string, TicketLevelFacts>;
  maxQuantity: number;
  now: Date;
}

/**
 * Moves an anonymous cart's lines into the user's cart and closes the anonymous one. Quantities are
 * capped by the per-line maximum and by what is available (counting what the user's line already
 * holds); lines that cannot be bought are dropped, each with its reason. Merging a cart that was
 * merged already changes nothing, so a retried login or merge is harmless.
 */
export function mergeCarts(
  userCart: CartState,
  anonymousCart: CartState,
  cmd: MergeCommand,
): { userCart: CartEvent[]; anonymousCart: CartEvent[] } {
  if (cmd.userCartId === cmd.anonymousCartId)
    refuse('bad_request', 'cart_merge_self', 'A cart cannot merge into itself');
  if (!anonymousCart.started) refuse('not_found', 'cart_not_found', 'No cart belongs to this cart token');
  if (anonymousCart.status === 'merged') return { userCart: [], anonymousCart: [] };
  requireOpen(userCart);

  const lines = anonymousCart.lines.map((line): MergedLine => {
    const current = findLine(userCart, line.concertId, line.ticketLevel)?.quantity ?? 0;
    const facts = cmd.levels[lineKey(line.concertId, line.ticketLevel)] ?? { kind: 'unknown_concert' };
    const base = { concertId: line.concertId, ticketLevel: line.ticketLevel, requested: line.quantity };
    const dropped = (reason: MergeAdjustment): MergedLine => ({
      ...base,
      added: 0,
      lineQuantity: current,
      outcome: 'dropped',
      reason,
    });
    if (facts.kind === 'unknown_concert') return dropped('concert_not_found');
    if (facts.kind === 'unknown_level') return dropped('unknown_ticket_level');
    if (!facts.onSale) return dropped('concert_not_on_sale');
    const roomByMax = cmd.maxQuantity - current;
    const roomByAvailability = facts.available - current;
    const added = Math.max(0, Math.min(line.quantity, roomByMax, roomByAvailability));
    const limitedBy: MergeAdjustment = roomByMax <= roomByAvailability ? 'max_quantity' : 'not_enough_tickets';
    if (added === 0) return dropped(limitedBy);
    if (added < line.quantity) {
      return { ...base, added, lineQuantity: current + added, outcome: 'capped', reason: limitedBy };
    }
    return { ...base, added, lineQuantity: current + added, outcome: 'taken' };
  });

  const mergedAt = cmd.now.toISOString();
  return {
    userCart: [
      {
        type: 'AnonymousCartMerged',
        data: { cartId: cmd.userCartId, fromCartId: cmd.anonymousCartId, lines, mergedAt },
      },
    ],
    anonymousCart: [
      { type: 'CartMergedAway', data: { cartId: cmd.anonymousCartId, mergedInto: cmd.userCartId, mergedAt } },
    ],
  };
}

function requireOpen(state: CartState): void {
  if (state.status === 'merged') {
    refuse('conflict', 'cart_closed', 'This cart was merged into a signed-in cart; sign in to use it');
  }
}

function requireQuantityInRange(quantity: number, max: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) {
    refuse('invalid', 'quantity_out_of_range', `Quantity must be a whole number from 1 to ${max}`);
  }
}

/** Returns the available count of a level that may be sold now. */
function requireOnSale(level: TicketLevelFacts): number {
  if (level.kind === 'unknown_concert') return refuse('not_found', 'concert_not_found', 'Concert not found');
  if (level.kind === 'unknown_level') {
    return refuse('invalid', 'unknown_ticket_level', 'The concert has no ticket level with this code');
  }
  if (!level.onSale) return refuse('invalid', 'concert_not_on_sale', 'The concert is not on sale');
  return level.available;
}

function requireAvailable(quantity: number, available: number): void {
  if (quantity > available) {
    const count = Math.max(0, available);
    refuse(
      'conflict',
      'not_enough_tickets',
      `Only ${count} ticket${count === 1 ? ' is' : 's are'} available for this level; the line would need ${quantity}`,
    );
  }
}

function requireLine(state: CartState, concertId: string, ticketLevel: string) {
  const line = findLine(state, concertId, ticketLevel);
  if (!line) return refuse('not_found', 'cart_line_not_found', 'The cart has no line for this concert and level');
  return line;
}
