import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CART_TOKEN_PATTERN, type CartOwner } from '../../application/carts/cart-ownership';
import { Authentication } from '../../application/identity/authentication';
import { DomainError } from '../../domain/shared/errors';
import { RequestValidationError } from '../common/validation';

type CartRequest = Request & { cartOwner?: CartOwner };

/**
 * The cart token a request carries, if any. A malformed one is refused (400) rather than ignored, so
 * a client bug never silently starts a second cart. The value itself never appears in errors or logs.
 */
export function cartTokenOf(req: Request): string | undefined {
  const token = req.header('x-cart-token');
  if (token === undefined) return undefined;
  if (!CART_TOKEN_PATTERN.test(token)) {
    throw new RequestValidationError([
      { path: 'X-Cart-Token', message: 'must be a cart token issued by this API (43 base64url characters)' },
    ]);
  }
  return token;
}

/**
 * Decides whose cart a request is about: a Bearer token means the user's cart (and must be valid);
 * otherwise the X-Cart-Token's anonymous cart; otherwise nobody's yet.
 */
@Injectable()
export class CartOwnerGuard implements CanActivate {
  constructor(private readonly auth: Authentication) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<CartRequest>();
    const token = cartTokenOf(req);
    const authorization = req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new DomainError('unauthorized', 'invalid_token', 'Authorization must be a Bearer token');
      const user = await this.auth.authenticate(match[1]);
      context.switchToHttp().getResponse<Response>().locals.userId = user.id;
      req.cartOwner = { kind: 'user', userId: user.id };
    } else if (token) {
      req.cartOwner = { kind: 'anonymous', token };
    }
    return true;
  }
}

/** The owner `CartOwnerGuard` found; undefined for a visitor without a cart token. */
export const CurrentCartOwner = createParamDecorator(
  (_: unknown, context: ExecutionContext): CartOwner | undefined =>
    context.switchToHttp().getRequest<CartRequest>().cartOwner,
);

/** The request's cart token, required. */
export const RequiredCartToken = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const token = cartTokenOf(context.switchToHttp().getRequest<Request>());
  if (!token) throw new RequestValidationError([{ path: 'X-Cart-Token', message: 'is required' }]);
  return token;
});
