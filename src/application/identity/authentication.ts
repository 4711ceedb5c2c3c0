import type { AccessTokens } from '../../infra/crypto/access-token';
import { sha256 } from '../../infra/crypto/sha256';
import { decoyPasswordHash, verifyPassword } from '../../infra/crypto/password-hasher';
import type { Db } from '../../infra/db/prisma';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter';
import { normalizeEmail } from '../../domain/identity/email';
import type { Role } from '../../domain/identity/roles';
import { DomainError } from '../../domain/shared/errors';

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export class Authentication {
  constructor(
    private readonly db: Db,
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
    private readonly limits: { loginPerEmail: number; windowMs: number },
  ) {}

  async login(
    email: string,
    password: string,
  ): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const normalized = normalizeEmail(email);
    const limit = await this.limiter.hit(
      `login:email:${sha256(normalized)}`,
      this.limits.loginPerEmail,
      this.limits.windowMs,
    );
    if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);

    const user = await this.db.user.findUnique({ where: { emailNormalized: normalized } });
    const credential = user && (await this.db.userCredential.findUnique({ where: { userId: user.id } }));
    // Unknown emails still pay for one hash check, so timing does not reveal which emails exist.
    const valid = await verifyPassword(password, credential?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !credential || !valid) {
      throw new DomainError('unauthorized', 'invalid_credentials', 'Email or password is incorrect');
    }
    const issued = this.tokens.issue({ sub: user.id, role: user.role as Role, cv: user.credentialVersion });
    return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: issued.expiresIn };
  }

  /** Resolves a bearer token to the current user; tokens from before a password change are refused. */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    const claims = this.tokens.verify(token);
    const user = claims && (await this.db.user.findUnique({ where: { id: claims.sub } }));
    if (!claims || !user || user.credentialVersion !== claims.cv) {
      throw new DomainError('unauthorized', 'invalid_token', 'Access token is invalid or expired');
    }
    // The role comes from the read model, not the token, so role changes apply at once.
    return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', 'rate_limited', `Too many requests; retry in ${retryAfterSeconds} s`);
  }
}
