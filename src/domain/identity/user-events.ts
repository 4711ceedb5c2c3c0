import type { Role } from './roles';

// Facts about one user. Secrets never appear here: the password hash lives in write-side
// storage, the reset token only as its one-way hash.
export type UserRegistered = {
  type: 'UserRegistered';
  data: { userId: string; email: string; name: string; role: Role; registeredAt: string };
};
export type UserRoleChanged = {
  type: 'UserRoleChanged';
  data: { userId: string; role: Role; previousRole: Role; changedBy: string; changedAt: string };
};
export type PasswordChanged = {
  type: 'PasswordChanged';
  data: { userId: string; reason: 'reset'; credentialVersion: number; changedAt: string };
};
export type PasswordResetRequested = {
  type: 'PasswordResetRequested';
  data: { userId: string; requestId: string; requestedAt: string; expiresAt: string };
};
/** A random token was created for the email about to go out; only its hash is kept, and only the newest works. */
export type PasswordResetLinkIssued = {
  type: 'PasswordResetLinkIssued';
  data: { userId: string; requestId: string; messageKey: string; tokenHash: string; issuedAt: string };
};
export type PasswordResetEmailSent = {
  type: 'PasswordResetEmailSent';
  data: { userId: string; requestId: string; messageKey: string };
};
export type PasswordResetSuperseded = {
  type: 'PasswordResetSuperseded';
  data: { userId: string; requestId: string; supersededBy: string; supersededAt: string };
};
export type PasswordResetCompleted = {
  type: 'PasswordResetCompleted';
  data: { userId: string; requestId: string; completedAt: string };
};
export type PasswordResetExpired = {
  type: 'PasswordResetExpired';
  data: { userId: string; requestId: string; expiredAt: string };
};

export type UserEvent =
  | UserRegistered
  | UserRoleChanged
  | PasswordChanged
  | PasswordResetRequested
  | PasswordResetLinkIssued
  | PasswordResetEmailSent
  | PasswordResetSuperseded
  | PasswordResetCompleted
  | PasswordResetExpired;

export const USER_EVENT_TYPES: ReadonlyArray<UserEvent['type']> = [
  'UserRegistered',
  'UserRoleChanged',
  'PasswordChanged',
  'PasswordResetRequested',
  'PasswordResetLinkIssued',
  'PasswordResetEmailSent',
  'PasswordResetSuperseded',
  'PasswordResetCompleted',
  'PasswordResetExpired',
];

export const USER_STREAM_TYPE = 'user';
export const userStreamId = (userId: string): string => `user-${userId}`;

/** Claims an email for one user; a second claim of the same stream is a conflict, which keeps emails unique. */
export type EmailClaimed = { type: 'EmailClaimed'; data: { userId: string; email: string } };
export const EMAIL_CLAIM_STREAM_TYPE = 'user-email';
export const emailClaimStreamId = (normalizedEmail: string): string => `user-email-${normalizedEmail}`;
