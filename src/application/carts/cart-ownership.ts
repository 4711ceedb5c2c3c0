import { createHash, randomBytes } from 'node:crypto';
import { deterministicId } from '../../infra/event-store/ids';

/** Whose cart a request is about: a signed-in user's, or the anonymous visitor's behind a cart token. */
export type CartOwner = { kind: 'user'; userId: string } | { kind: 'anonymous'; token: string };

/** 32 random bytes as base64url: 256 bits, 43 characters. */
export const CART_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const newCartToken = (): string => randomBytes(32).toString('base64url');

/** One cart per user, always the same: the id derives from the user id. */
export const userCartId = (userId: string): string => deterministicId('cart', 'user', userId);

/**
 * The token itself is a bearer secret and is stored nowhere: only an id derived from its SHA-256
 * reaches events and read models, and it cannot be turned back into the token.
 */
export const anonymousCartId = (token: string): string =>
  deterministicId('cart', 'anonymous', createHash('sha256').update(token).digest('hex'));

export const cartIdOf = (owner: CartOwner): string =>
  owner.kind === 'user' ? userCartId(owner.userId) : anonymousCartId(owner.token);
