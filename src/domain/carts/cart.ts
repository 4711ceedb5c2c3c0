import type { CartEvent } from './cart-events';

export interface CartLine {
  concertId: string;
  ticketLevel: string;
  quantity: number;
}

export interface CartState {
  /** True once the cart has any event: an anonymous cart exists only from its first item on. */
  started: boolean;
  /** `merged`: an anonymous cart whose lines moved into a user's cart; it takes no more commands. */
  status: 'open' | 'merged';
  /** In the order they were first added. */
  lines: CartLine[];
  mergedInto?: string;
}

export const initialCartState = (): CartState => ({ started: false, status: 'open', lines: [] });

export const sameLine = (line: CartLine, concertId: string, ticketLevel: string): boolean =>
  line.concertId === concertId && line.ticketLevel === ticketLevel;

export const findLine = (state: CartState, concertId: string, ticketLevel: string): CartLine | undefined =>
  state.lines.find((line) => sameLine(line, concertId, ticketLevel));

export function evolveCart(state: CartState, event: CartEvent): CartState {
  const started = { ...state, started: true };
  switch (event.type) {
    case 'CartItemAdded':
    case 'CartItemQuantityChanged': {
      const { concertId, ticketLevel } = event.data;
      const quantity = event.type === 'CartItemAdded' ? event.data.lineQuantity : event.data.quantity;
      return setLine(started, { concertId, ticketLevel, quantity });
    }
    case 'CartItemRemoved':
      return {
        ...started,
        lines: state.lines.filter((l) => !sameLine(l, event.data.concertId, event.data.ticketLevel)),
      };
    case 'CartCleared':
    case 'CartCheckedOut':
      return { ...started, lines: [] };
    case 'AnonymousCartMerged':
      return event.data.lines
        .filter((l) => l.added > 0)
        .reduce(
          (s, l) => setLine(s, { concertId: l.concertId, ticketLevel: l.ticketLevel, quantity: l.lineQuantity }),
          started,
        );
    case 'CartMergedAway':
      return { ...started, status: 'merged', lines: [], mergedInto: event.data.mergedInto };
  }
}

/** Replaces the line in place, or appends it: a cart never holds two lines for one concert and level. */
function setLine(state: CartState, line: CartLine): CartState {
  const exists = state.lines.some((l) => sameLine(l, line.concertId, line.ticketLevel));
  const lines = exists
    ? state.lines.map((l) => (sameLine(l, line.concertId, line.ticketLevel) ? line : l))
    : [...state.lines, line];
  return { ...state, lines };
}
