import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { Authentication } from '../../application/identity/authentication';
import { PasswordResetRequests } from '../../application/identity/password-reset-requests';
import { Registration } from '../../application/identity/registration';
import { RoleAdministration } from '../../application/identity/roles-admin';
import { UserDirectory } from '../../application/identity/user-directory';
import { AccessTokens } from '../../infra/crypto/access-token';
import type { Infrastructure } from '../../infra/infrastructure';
import { RateLimiter } from '../../infra/rate-limit/rate-limiter';
import { AuthGuard } from '../common/auth';
import { AuthClientRateLimit } from './auth-client-rate-limit.guard';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import { AuthController, ResetPasswordPageController } from './auth.controller';
import { UsersController } from './users.controller';

@Module({
  controllers: [AuthController, ResetPasswordPageController, UsersController],
  providers: [
    AuthGuard,
    AuthClientRateLimit,
    { provide: UserDirectory, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => new UserDirectory(i.db) },
    { provide: RateLimiter, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => new RateLimiter(i.db) },
    {
      provide: Authentication,
      inject: [INFRASTRUCTURE, RateLimiter],
      useFactory: (i: Infrastructure, limiter: RateLimiter) =>
        new Authentication(i.db, new AccessTokens(i.config.auth.jwtSecret, i.config.auth.jwtTtlMs), limiter, {
          loginPerEmail: i.config.rateLimits.loginPerEmail,
          windowMs: i.config.rateLimits.windowMs,
        }),
    },
    {
      provide: Registration,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new Registration(i.db, i.users),
    },
    {
      provide: RoleAdministration,
      inject: [INFRASTRUCTURE, Registration],
      useFactory: (i: Infrastructure, r: Registration) => new RoleAdministration(i.db, i.users, r),
    },
    {
      provide: PasswordResetRequests,
      inject: [INFRASTRUCTURE, RateLimiter, TEMPORAL_CLIENT],
      useFactory: (i: Infrastructure, limiter: RateLimiter, temporal: Client) =>
        new PasswordResetRequests(i.db, limiter, temporal, i.config),
    },
  ],
  exports: [Authentication, AuthGuard, RoleAdministration, UserDirectory, RateLimiter],
})
export class IdentityModule {}
