import type { Request } from 'express';

/** Injection token of the optional `LoginHook`. */
export const LOGIN_HOOK = Symbol('LoginHook');

/**
 * Lets another context take part in a login without identity knowing about it (carts merge a
 * visitor's anonymous cart this way).
 */
export interface LoginHook {
  /** Runs before the credentials are checked: malformed input is refused before anything happens. */
  check(req: Request): void;
  /** Runs after a successful login, with the access token just issued. */
  afterLogin(req: Request, accessToken: string): Promise<void>;
}
