import { randomUUID } from 'node:crypto';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../config/config';
import { hashPassword } from '../../infra/crypto/password-hasher';
import { hashResetToken } from '../../infra/crypto/reset-token';
import type { Db } from '../../infra/db/prisma';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter';
import { normalizeEmail } from '../../domain/identity/email';
import { assertPasswordAcceptable } from '../../domain/identity/password-policy';
import { DomainError } from '../../domain/shared/errors';
import type { passwordResetWorkflow } from '../../workflows/password-reset.workflow';
import {
  confirmPasswordResetUpdate,
  passwordResetWorkflowId,
  RESET_REFUSALS,
} from '../../workflows/password-reset.contract';
import { sha256 } from '../../infra/crypto/sha256';
import { RateLimitedError } from './authentication';

const INVALID_TOKEN = () => new DomainError('bad_request', 'reset_token_invalid', 'Reset token is invalid');
const TOKEN_STATE_ERRORS: Record<string, () => DomainError> = {
  completed: () => new DomainError('bad_request', 'reset_token_used', 'Reset token was already used'),
  expired: () => new DomainError('bad_request', 'reset_token_expired', 'Reset token has expired'),
  superseded: () =>
    new DomainError('bad_request', 'reset_token_superseded', 'Reset token was replaced by a newer request'),
};

/** The API side of password reset: starts the workflow, and hands confirmations to it. */
export class PasswordResetRequests {
  constructor(
    private readonly db: Db,
    private readonly limiter: RateLimiter,
    private readonly temporal: Client,
    private readonly config: Pick<Config, 'passwordReset' | 'rateLimits' | 'temporal'>,
  ) {}

  /**
   * Same work whether or not the email has an account (the workflow finds out), so neither the
   * answer nor its timing tells a caller which emails are registered.
   */
  async request(email: string, clientKey: string): Promise<{ requestId: string }> {
    const { windowMs, resetPerClient, resetPerEmail } = this.config.rateLimits;
    for (const [key, limit] of [
      [`password-reset:client:${sha256(clientKey)}`, resetPerClient],
      [`password-reset:email:${sha256(normalizeEmail(email))}`, resetPerEmail],
    ] as const) {
      const decision = await this.limiter.hit(key, limit, windowMs);
      if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    }
    const requestId = randomUUID();
    await this.temporal.workflow.start<typeof passwordResetWorkflow>('passwordResetWorkflow', {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: passwordResetWorkflowId(requestId),
      args: [{ requestId, email: normalizeEmail(email), ttlMs: this.config.passwordReset.ttlMs }],
    });
    return { requestId };
  }

  async confirm(token: string, newPassword: string): Promise<void> {
    const request = await this.db.passwordResetRequest.findUnique({ where: { tokenHash: hashResetToken(token) } });
    if (!request) throw INVALID_TOKEN();
    const refusal = TOKEN_STATE_ERRORS[request.expiresAt <= new Date() ? 'expired' : request.status];
    if (refusal) throw refusal();
    const user = await this.db.user.findUniqueOrThrow({ where: { id: request.userId } });
    assertPasswordAcceptable(newPassword, { email: user.emailNormalized });

    // Only the workflow may accept the confirmation; the new hash waits for it in write-side storage,
    // under an id of this attempt so concurrent confirmations never touch each other's password.
    const attemptId = randomUUID();
    await this.db.stagedPasswordChange.create({
      data: {
        attemptId,
        requestId: request.requestId,
        passwordHash: await hashPassword(newPassword),
        stagedAt: new Date(),
      },
    });
    try {
      await this.temporal.workflow
        .getHandle(passwordResetWorkflowId(request.requestId))
        .executeUpdate(confirmPasswordResetUpdate, { args: [{ attemptId }] });
    } catch (err) {
      await this.db.stagedPasswordChange.deleteMany({ where: { attemptId } });
      throw refusalOf(err);
    }
  }
}

const REFUSAL_ERRORS: Record<string, () => DomainError> = {
  [RESET_REFUSALS.inProgress]: () =>
    new DomainError('conflict', RESET_REFUSALS.inProgress, 'Another confirmation of this reset is in progress'),
  [RESET_REFUSALS.used]: TOKEN_STATE_ERRORS.completed,
  [RESET_REFUSALS.expired]: TOKEN_STATE_ERRORS.expired,
  [RESET_REFUSALS.superseded]: TOKEN_STATE_ERRORS.superseded,
};

/** Turns the workflow's refusal (possibly wrapped in an activity failure) into the matching client error. */
function refusalOf(err: unknown): Error {
  if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) return TOKEN_STATE_ERRORS.expired();
  if (!(err instanceof WorkflowUpdateFailedError)) return err as Error;
  for (let cause: unknown = err.cause; cause; cause = (cause as { cause?: unknown }).cause) {
    if (cause instanceof ApplicationFailure && cause.type && REFUSAL_ERRORS[cause.type]) {
      return REFUSAL_ERRORS[cause.type]();
    }
  }
  return err;
}

/** An update sent to a workflow that already finished (the timer expired it). */
const GRPC_NOT_FOUND = 5;
const isClosedWorkflow = (err: unknown): boolean =>
  err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === GRPC_NOT_FOUND;
