import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimitedError } from '../../application/identity/authentication';
import { sha256 } from '../../infra/crypto/sha256';
import type { Infrastructure } from '../../infra/infrastructure';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter';
import { INFRASTRUCTURE } from '../tokens';

/** Logins and registrations per client address: each costs a slow password hash, so floods are cut off early. */
@Injectable()
export class AuthClientRateLimit implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(INFRASTRUCTURE) private readonly infra: Infrastructure,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const { authPerClient, windowMs } = this.infra.config.rateLimits;
    const decision = await this.limiter.hit(`auth:client:${sha256(req.ip ?? 'unknown')}`, authPerClient, windowMs);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    return true;
  }
}
