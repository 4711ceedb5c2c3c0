import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CartMerger } from '../../application/carts/cart-merger';
import { Authentication } from '../../application/identity/authentication';
import { DomainError } from '../../domain/shared/errors';
import type { LoginHook } from '../common/login-hook';
import { cartTokenOf } from './cart-owner';

/** `POST /auth/login` with an X-Cart-Token merges that anonymous cart into the user's cart. */
@Injectable()
export class CartLoginMerge implements LoginHook {
  constructor(
    private readonly auth: Authentication,
    private readonly merger: CartMerger,
  ) {}

  check(req: Request): void {
    cartTokenOf(req);
  }

  async afterLogin(req: Request, accessToken: string): Promise<void> {
    const token = cartTokenOf(req);
    if (!token) return;
    const user = await this.auth.authenticate(accessToken);
    try {
      await this.merger.merge(user.id, token);
    } catch (err) {
      // A token that opened no cart has nothing to merge; it must not cost the user their login.
      if (err instanceof DomainError && err.code === 'cart_not_found') return;
      throw err;
    }
  }
}
