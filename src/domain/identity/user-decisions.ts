import { refuse } from '../shared/errors';
import type { Role } from './roles';
import type { UserState } from './user';
import type { UserEvent } from './user-events';

// Deciders: given the user's state and a command, the events that follow (or a refusal).
// Every decision is idempotent: repeating a command that already took effect yields no events.

export function register(
  state: UserState,
  cmd: { userId: string; email: string; name: string; role: Role; now: Date },
): UserEvent[] {
  if (state.registered) return refuse('conflict', 'user_exists', 'User is already registered');
  const { userId, email, name, role, now } = cmd;
  return [{ type: 'UserRegistered', data: { userId, email, name, role, registeredAt: now.toISOString() } }];
}

export function changeRole(state: UserState, cmd: { role: Role; changedBy: string; now: Date }): UserEvent[] {
  const current = requireUser(state);
  if (state.role === cmd.role) return [];
  return [
    {
      type: 'UserRoleChanged',
      data: {
        userId: current,
        role: cmd.role,
        previousRole: state.role as Role,
        changedBy: cmd.changedBy,
        changedAt: cmd.now.toISOString(),
      },
    },
  ];
}

/** A new request supersedes every request still pending, so only the newest link works. */
export function requestPasswordReset(
  state: UserState,
  cmd: { requestId: string; ttlMs: number; now: Date },
): UserEvent[] {
  const userId = requireUser(state);
  if (state.resets[cmd.requestId]) return [];
  const at = cmd.now.toISOString();
  const superseded: UserEvent[] = Object.values(state.resets)
    .filter((r) => r.status === 'pending')
    .map((r) => ({
      type: 'PasswordResetSuperseded',
      data: { userId, requestId: r.requestId, supersededBy: cmd.requestId, supersededAt: at },
    }));
  const expiresAt = new Date(cmd.now.getTime() + cmd.ttlMs).toISOString();
  return [
    ...superseded,
    {
      type: 'PasswordResetRequested',
      data: { userId, requestId: cmd.requestId, requestedAt: at, expiresAt },
    },
  ];
}

/** Records the hash of a fresh token before its email goes out, so the link works the moment it arrives. */
export function issueResetLink(
  state: UserState,
  cmd: { requestId: string; messageKey: string; tokenHash: string; now: Date },
): UserEvent[] {
  const userId = requireUser(state);
  const request = state.resets[cmd.requestId];
  if (!request) return refuse('not_found', 'reset_not_found', 'Unknown password reset request');
  if (request.status !== 'pending')
    return refuse('bad_request', 'reset_not_pending', `Reset request is ${request.status}`);
  if (request.tokenHash === cmd.tokenHash) return [];
  const { requestId, messageKey, tokenHash } = cmd;
  return [
    {
      type: 'PasswordResetLinkIssued',
      data: { userId, requestId, messageKey, tokenHash, issuedAt: cmd.now.toISOString() },
    },
  ];
}

export function recordResetEmailSent(state: UserState, cmd: { requestId: string; messageKey: string }): UserEvent[] {
  const userId = requireUser(state);
  const request = state.resets[cmd.requestId];
  if (!request) return refuse('not_found', 'reset_not_found', 'Unknown password reset request');
  if (request.emailSent) return [];
  return [{ type: 'PasswordResetEmailSent', data: { userId, requestId: cmd.requestId, messageKey: cmd.messageKey } }];
}

/** Completing a reset changes the password and bumps the credential version, which retires older tokens. */
export function completePasswordReset(state: UserState, cmd: { requestId: string; now: Date }): UserEvent[] {
  const userId = requireUser(state);
  const request = state.resets[cmd.requestId];
  if (!request) return refuse('bad_request', 'reset_token_invalid', 'Reset token is invalid');
  if (request.status === 'completed') return refuse('bad_request', 'reset_token_used', 'Reset token was already used');
  if (request.status === 'superseded') {
    return refuse('bad_request', 'reset_token_superseded', 'Reset token was replaced by a newer request');
  }
  if (request.status === 'expired' || cmd.now.getTime() >= Date.parse(request.expiresAt)) {
    return refuse('bad_request', 'reset_token_expired', 'Reset token has expired');
  }
  const at = cmd.now.toISOString();
  return [
    { type: 'PasswordResetCompleted', data: { userId, requestId: cmd.requestId, completedAt: at } },
    {
      type: 'PasswordChanged',
      data: { userId, reason: 'reset', credentialVersion: state.credentialVersion + 1, changedAt: at },
    },
  ];
}

export function expirePasswordReset(state: UserState, cmd: { requestId: string; now: Date }): UserEvent[] {
  const userId = requireUser(state);
  const request = state.resets[cmd.requestId];
  if (!request || request.status !== 'pending') return [];
  return [
    { type: 'PasswordResetExpired', data: { userId, requestId: cmd.requestId, expiredAt: cmd.now.toISOString() } },
  ];
}

function requireUser(state: UserState): string {
  if (!state.registered || !state.userId) return refuse('not_found', 'user_not_found', 'User not found');
  return state.userId;
}
