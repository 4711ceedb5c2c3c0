import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../config/config';
import type { Db } from '../../infra/db/prisma';
import { generateResetToken, hashResetToken } from '../../infra/crypto/reset-token';
import { normalizeEmail } from '../../domain/identity/email';
import {
  completePasswordReset,
  expirePasswordReset,
  issueResetLink,
  recordResetEmailSent,
  requestPasswordReset,
} from '../../domain/identity/user-decisions';
import type { UserCommands } from '../../application/identity/user-commands';
import {
  passwordResetWorkflowId as workflowOf,
  type ConfirmPasswordResetInput,
  type PasswordResetInput,
} from '../../workflows/password-reset.contract';
import { deliverEmail, type EmailDeps } from '../email/send-email';
import { passwordResetEmail } from './password-reset-email';
import { refusalsFinal as run } from '../refusals';

export interface PasswordResetActivityDeps extends EmailDeps {
  config: Pick<Config, 'http'>;
  db: Db;
  users: UserCommands;
}

export interface IssuedReset {
  userId: string;
  expiresAt: string;
  /** Older requests this one replaced; their workflows are told to stop waiting. */
  superseded: string[];
}

export function createPasswordResetActivities(deps: PasswordResetActivityDeps) {
  const { config, db, users } = deps;

  return {
    /** Records the request (superseding older ones); null when no account has this email. */
    async issuePasswordResetToken(input: PasswordResetInput): Promise<IssuedReset | null> {
      const user = await db.user.findUnique({ where: { emailNormalized: normalizeEmail(input.email) } });
      if (!user) return null;
      const { state } = await run(() =>
        users.execute(
          user.id,
          (s) => requestPasswordReset(s, { requestId: input.requestId, ttlMs: input.ttlMs, now: new Date() }),
          { operationId: `${workflowOf(input.requestId)}:requested`, metadata: meta(input.requestId) },
        ),
      );
      const request = state.resets[input.requestId];
      const superseded = Object.values(state.resets)
        .filter((r) => r.supersededBy === input.requestId)
        .map((r) => r.requestId);
      return { userId: user.id, expiresAt: request.expiresAt, superseded };
    },

    /**
     * Creates a random token, records its hash, then emails the link. The token never leaves this
     * activity except in the email, so neither the database nor the workflow history holds it. Each
     * attempt has its own token and message key: should an attempt die half-way, the retry issues a
     * fresh link and only the newest one works.
     */
    async sendPasswordResetEmail(input: { requestId: string; userId: string }): Promise<void> {
      const user = await db.user.findUniqueOrThrow({ where: { id: input.userId } });
      const { state } = await users.load(input.userId);
      const request = state.resets[input.requestId];
      if (!request || request.status !== 'pending' || request.emailSent) return;
      const token = generateResetToken();
      const attempt = Context.current().info.attempt;
      const messageKey = `${workflowOf(input.requestId)}-attempt-${attempt}`;
      const tokenHash = hashResetToken(token);
      await run(() =>
        users.execute(
          input.userId,
          (s) => issueResetLink(s, { requestId: input.requestId, messageKey, tokenHash, now: new Date() }),
          { operationId: `${workflowOf(input.requestId)}:link:${attempt}`, metadata: meta(input.requestId) },
        ),
      );
      await deliverEmail(deps, {
        messageKey,
        template: 'password-reset',
        correlationId: workflowOf(input.requestId),
        email: passwordResetEmail({
          to: user.email,
          name: user.name,
          link: `${config.http.baseUrl}/reset-password?token=${encodeURIComponent(token)}`,
          expiresAt: request.expiresAt,
        }),
      });
      await run(() =>
        users.execute(input.userId, (s) => recordResetEmailSent(s, { requestId: input.requestId, messageKey }), {
          operationId: `${workflowOf(input.requestId)}:email-sent`,
          metadata: meta(input.requestId),
        }),
      );
    },

    /**
     * Applies the password staged by this confirmation attempt, retires older access tokens and
     * closes the request, all in one transaction.
     */
    async completePasswordReset(
      input: { requestId: string; userId: string } & ConfirmPasswordResetInput,
    ): Promise<void> {
      const { state } = await users.load(input.userId);
      if (state.resets[input.requestId]?.status === 'completed') return; // a retry after success
      const staged = await db.stagedPasswordChange.findFirst({
        where: { requestId: input.requestId, ...(input.attemptId && { attemptId: input.attemptId }) },
      });
      if (!staged)
        throw ApplicationFailure.nonRetryable('No new password was staged for this request', 'NothingStaged');
      const now = new Date();
      await run(() =>
        users.execute(input.userId, (s) => completePasswordReset(s, { requestId: input.requestId, now }), {
          operationId: `${workflowOf(input.requestId)}:completed`,
          metadata: meta(input.requestId),
          work: async (tx) => {
            await tx.userCredential.update({
              where: { userId: input.userId },
              data: { passwordHash: staged.passwordHash, updatedAt: now },
            });
            await tx.stagedPasswordChange.deleteMany({ where: { requestId: input.requestId } });
          },
        }),
      );
    },

    async expirePasswordReset(input: { requestId: string; userId: string }): Promise<void> {
      await run(() =>
        users.execute(input.userId, (s) => expirePasswordReset(s, { requestId: input.requestId, now: new Date() }), {
          operationId: `${workflowOf(input.requestId)}:expired`,
          metadata: meta(input.requestId),
        }),
      );
      await db.stagedPasswordChange.deleteMany({ where: { requestId: input.requestId } });
    },
  };
}

const meta = (requestId: string) => ({ correlationId: workflowOf(requestId), actor: 'system' });
