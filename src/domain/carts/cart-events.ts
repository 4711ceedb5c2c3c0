// Facts about one cart. A cart belongs either to a signed-in user or to an anonymous visitor; the
// events never say which, and never hold the visitor's cart token.

/** Why a line of an anonymous cart was taken only in part, or not at all, when it merged. */
export type MergeAdjustment =
  'max_quantity' | 'not_enough_tickets' | 'concert_not_on_sale' | 'unknown_ticket_level' | 'concert_not_found';

/** What became of one anonymous line in a merge: `added` of `requested` went into the line. */
export interface MergedLine {
  concertId: string;
  ticketLevel: string;
  requested: number;
  added: number;
  /** The line's quantity in the user's cart after the merge (0 when dropped and not there before). */
  lineQuantity: number;
  outcome: 'taken' | 'capped' | 'dropped';
  reason?: MergeAdjustment;
}

export type CartItemAdded = {
  type: 'CartItemAdded';
  /** `quantity` was added; `lineQuantity` is the line's total after it (same concert and level merge). */
  data: {
    cartId: string;
    concertId: string;
    ticketLevel: string;
    quantity: number;
    lineQuantity: number;
    addedAt: string;
  };
};
export type CartItemQuantityChanged = {
  type: 'CartItemQuantityChanged';
  data: {
    cartId: string;
    concertId: string;
    ticketLevel: string;
    quantity: number;
    previousQuantity: number;
    changedAt: string;
  };
};
export type CartItemRemoved = {
  type: 'CartItemRemoved';
  data: { cartId: string; concertId: string; ticketLevel: string; quantity: number; removedAt: string };
};
export type CartCleared = {
  type: 'CartCleared';
  data: { cartId: string; clearedAt: string };
};
/** On the user's cart: an anonymous cart's lines moved in, capped by the rules at that moment. */
export type AnonymousCartMerged = {
  type: 'AnonymousCartMerged';
  data: { cartId: string; fromCartId: string; lines: MergedLine[]; mergedAt: string };
};
/** On the anonymous cart, in the same transaction: it is closed for good. */
export type CartMergedAway = {
  type: 'CartMergedAway';
  data: { cartId: string; mergedInto: string; mergedAt: string };
};

/** The cart was confirmed: its lines became an order and the cart is empty again. */
export type CartCheckedOut = {
  type: 'CartCheckedOut';
  data: {
    cartId: string;
    orderId: string;
    lines: Array<{ concertId: string; ticketLevel: string; quantity: number }>;
    checkedOutAt: string;
  };
};

export type CartEvent =
  | CartItemAdded
  | CartItemQuantityChanged
  | CartItemRemoved
  | CartCleared
  | AnonymousCartMerged
  | CartMergedAway
  | CartCheckedOut;

export const CART_EVENT_TYPES: ReadonlyArray<CartEvent['type']> = [
  'CartItemAdded',
  'CartItemQuantityChanged',
  'CartItemRemoved',
  'CartCleared',
  'AnonymousCartMerged',
  'CartMergedAway',
  'CartCheckedOut',
];

export const CART_STREAM_TYPE = 'cart';
export const cartStreamId = (cartId: string): string => `cart-${cartId}`;
