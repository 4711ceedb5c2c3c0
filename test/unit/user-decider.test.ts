import { evolveUser, initialUserState, type UserState } from '../../src/domain/identity/user';
import {
  changeRole,
  completePasswordReset,
  expirePasswordReset,
  issueResetLink,
  recordResetEmailSent,
  register,
  requestPasswordReset,
} from '../../src/domain/identity/user-decisions';
import type { UserEvent } from '../../src/domain/identity/user-events';
import { refusalCode } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const given = (...events: UserEvent[]): UserState => events.reduce(evolveUser, initialUserState());
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', email: 'fan@example.test', name: 'Fan', role: 'customer', registeredAt: now.toISOString() },
};
const requested = (requestId: string, at = now): UserEvent => ({
  type: 'PasswordResetRequested',
  data: {
    userId: 'u1',
    requestId,
    requestedAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + 60_000).toISOString(),
  },
});
const refusal = refusalCode;

describe('user decider', () => {
  describe('register', () => {
    it('records the registration of a new user', () => {
      expect(
        register(given(), { userId: 'u1', email: 'fan@example.test', name: 'Fan', role: 'customer', now }),
      ).toEqual([registered]);
    });
    it('refuses to register the same user twice', () => {
      expect(
        refusal(() => register(given(registered), { userId: 'u1', email: 'x@y.z', name: 'X', role: 'customer', now })),
      ).toEqual({ kind: 'conflict', code: 'user_exists' });
    });
  });

  describe('changeRole', () => {
    it('records a role change with who made it', () => {
      expect(changeRole(given(registered), { role: 'staff', changedBy: 'admin-1', now })).toEqual([
        {
          type: 'UserRoleChanged',
          data: {
            userId: 'u1',
            role: 'staff',
            previousRole: 'customer',
            changedBy: 'admin-1',
            changedAt: now.toISOString(),
          },
        },
      ]);
    });
    it('is a no-op when the role is already the requested one', () => {
      expect(changeRole(given(registered), { role: 'customer', changedBy: 'admin-1', now })).toEqual([]);
    });
    it('refuses an unknown user', () => {
      expect(refusal(() => changeRole(given(), { role: 'admin', changedBy: 'a', now }))).toEqual({
        kind: 'not_found',
        code: 'user_not_found',
      });
    });
  });

  describe('requestPasswordReset', () => {
    it('records the token hash and the expiry', () => {
      const events = requestPasswordReset(given(registered), { requestId: 'r1', ttlMs: 1800_000, now });
      expect(events).toEqual([
        {
          type: 'PasswordResetRequested',
          data: {
            userId: 'u1',
            requestId: 'r1',
            requestedAt: now.toISOString(),
            expiresAt: later(1800_000).toISOString(),
          },
        },
      ]);
    });
    it('supersedes every pending request, but not finished ones', () => {
      const completed: UserEvent = {
        type: 'PasswordResetCompleted',
        data: { userId: 'u1', requestId: 'r0', completedAt: now.toISOString() },
      };
      const state = given(registered, requested('r0'), completed, requested('r1'), requested('r2'));
      const events = requestPasswordReset(state, { requestId: 'r3', ttlMs: 1000, now });
      expect(events.map((e) => [e.type, (e.data as { requestId: string }).requestId])).toEqual([
        ['PasswordResetSuperseded', 'r1'],
        ['PasswordResetSuperseded', 'r2'],
        ['PasswordResetRequested', 'r3'],
      ]);
    });
    it('is idempotent for a request already recorded', () => {
      expect(requestPasswordReset(given(registered, requested('r1')), { requestId: 'r1', ttlMs: 1, now })).toEqual([]);
    });
  });

  describe('completePasswordReset', () => {
    it('completes a pending request and bumps the credential version', () => {
      expect(completePasswordReset(given(registered, requested('r1')), { requestId: 'r1', now: later(1000) })).toEqual([
        {
          type: 'PasswordResetCompleted',
          data: { userId: 'u1', requestId: 'r1', completedAt: later(1000).toISOString() },
        },
        {
          type: 'PasswordChanged',
          data: { userId: 'u1', reason: 'reset', credentialVersion: 1, changedAt: later(1000).toISOString() },
        },
      ]);
    });
    it.each([
      ['an unknown request', given(registered), 'reset_token_invalid'],
      [
        'a used token',
        given(registered, requested('r1'), {
          type: 'PasswordResetCompleted',
          data: { userId: 'u1', requestId: 'r1', completedAt: now.toISOString() },
        }),
        'reset_token_used',
      ],
      [
        'a superseded token',
        given(registered, requested('r1'), {
          type: 'PasswordResetSuperseded',
          data: { userId: 'u1', requestId: 'r1', supersededBy: 'r2', supersededAt: now.toISOString() },
        }),
        'reset_token_superseded',
      ],
      [
        'an expired token',
        given(registered, requested('r1'), {
          type: 'PasswordResetExpired',
          data: { userId: 'u1', requestId: 'r1', expiredAt: now.toISOString() },
        }),
        'reset_token_expired',
      ],
    ])('refuses %s', (_, state, code) => {
      expect(refusal(() => completePasswordReset(state, { requestId: 'r1', now: later(1000) }))).toEqual({
        kind: 'bad_request',
        code,
      });
    });
    it('refuses a token past its expiry even before the expiry is recorded', () => {
      expect(
        refusal(() =>
          completePasswordReset(given(registered, requested('r1')), { requestId: 'r1', now: later(60_000) }),
        ),
      ).toEqual({ kind: 'bad_request', code: 'reset_token_expired' });
    });
  });

  describe('expirePasswordReset and recordResetEmailSent', () => {
    it('expires a pending request once', () => {
      const state = given(registered, requested('r1'));
      const events = expirePasswordReset(state, { requestId: 'r1', now });
      expect(events).toEqual([
        { type: 'PasswordResetExpired', data: { userId: 'u1', requestId: 'r1', expiredAt: now.toISOString() } },
      ]);
      expect(expirePasswordReset(events.reduce(evolveUser, state), { requestId: 'r1', now })).toEqual([]);
    });
    it('records the hash of each issued link, the newest replacing older ones', () => {
      const state = given(registered, requested('r1'));
      const first = issueResetLink(state, { requestId: 'r1', messageKey: 'k1', tokenHash: 'h1', now });
      expect(first).toEqual([
        {
          type: 'PasswordResetLinkIssued',
          data: { userId: 'u1', requestId: 'r1', messageKey: 'k1', tokenHash: 'h1', issuedAt: now.toISOString() },
        },
      ]);
      const reissued = issueResetLink(first.reduce(evolveUser, state), {
        requestId: 'r1',
        messageKey: 'k2',
        tokenHash: 'h2',
        now,
      });
      expect([...first, ...reissued].reduce(evolveUser, state).resets.r1.tokenHash).toBe('h2');
    });
    it('refuses to issue a link for a request that is no longer pending', () => {
      const expired: UserEvent = {
        type: 'PasswordResetExpired',
        data: { userId: 'u1', requestId: 'r1', expiredAt: now.toISOString() },
      };
      expect(
        refusal(() =>
          issueResetLink(given(registered, requested('r1'), expired), {
            requestId: 'r1',
            messageKey: 'k',
            tokenHash: 'h',
            now,
          }),
        ),
      ).toEqual({ kind: 'bad_request', code: 'reset_not_pending' });
    });
    it('records the email once', () => {
      const state = given(registered, requested('r1'));
      const events = recordResetEmailSent(state, { requestId: 'r1', messageKey: 'k' });
      expect(events).toEqual([
        { type: 'PasswordResetEmailSent', data: { userId: 'u1', requestId: 'r1', messageKey: 'k' } },
      ]);
      expect(recordResetEmailSent(events.reduce(evolveUser, state), { requestId: 'r1', messageKey: 'k2' })).toEqual([]);
    });
  });
});
