import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

// What the API and the password-reset workflow agree on.

export interface PasswordResetInput {
  requestId: string;
  email: string;
  ttlMs: number;
}

/** Each confirmation attempt stages its new password under its own id. */
export interface ConfirmPasswordResetInput {
  attemptId?: string;
}

export type PasswordResetState =
  'issuing' | 'pending' | 'confirming' | 'completed' | 'expired' | 'superseded' | 'no-account';

export const passwordResetWorkflowId = (requestId: string): string => `password-reset-${requestId}`;

/** Failure types a refused confirmation carries, so the API can say why. */
export const RESET_REFUSALS = {
  inProgress: 'reset_in_progress',
  used: 'reset_token_used',
  expired: 'reset_token_expired',
  superseded: 'reset_token_superseded',
} as const;

/** The user confirmed with a valid token; the new password is staged under the attempt id. */
export const confirmPasswordResetUpdate = defineUpdate<void, [ConfirmPasswordResetInput]>('confirmPasswordReset');
/** A newer request for the same user replaced this one. */
export const passwordResetSupersededSignal = defineSignal('passwordResetSuperseded');
export const passwordResetStateQuery = defineQuery<PasswordResetState>('state');
