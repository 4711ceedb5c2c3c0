import jwt from 'jsonwebtoken';
import type { Role } from '../../domain/identity/roles';

export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** The user's credential version at issue time; a password change invalidates older tokens. */
  cv: number;
}

export class AccessTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlMs: number,
  ) {}

  issue(claims: AccessTokenClaims): { accessToken: string; expiresIn: number } {
    const expiresIn = Math.floor(this.ttlMs / 1000);
    const accessToken = jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn });
    return { accessToken, expiresIn };
  }

  /** The claims of a valid, unexpired token; undefined for anything else. */
  verify(token: string): AccessTokenClaims | undefined {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.cv !== 'number') {
        return undefined;
      }
      return { sub: payload.sub, role: payload.role as Role, cv: payload.cv };
    } catch {
      return undefined;
    }
  }
}
