import type { Role } from './roles';
import type { UserEvent } from './user-events';

export type ResetStatus = 'pending' | 'completed' | 'expired' | 'superseded';

export interface ResetRequest {
  requestId: string;
  /** The hash of the newest token issued for the email. */
  tokenHash?: string;
  expiresAt: string;
  status: ResetStatus;
  emailSent: boolean;
  supersededBy?: string;
}

export interface UserState {
  registered: boolean;
  userId?: string;
  email?: string;
  role?: Role;
  credentialVersion: number;
  resets: Record<string, ResetRequest>;
}

export const initialUserState = (): UserState => ({ registered: false, credentialVersion: 0, resets: {} });

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { ...state, registered: true, userId: event.data.userId, email: event.data.email, role: event.data.role };
    case 'UserRoleChanged':
      return { ...state, role: event.data.role };
    case 'PasswordChanged':
      return { ...state, credentialVersion: event.data.credentialVersion };
    case 'PasswordResetRequested': {
      const { requestId, expiresAt } = event.data;
      const request: ResetRequest = { requestId, expiresAt, status: 'pending', emailSent: false };
      return { ...state, resets: { ...state.resets, [requestId]: request } };
    }
    case 'PasswordResetLinkIssued':
      return updateReset(state, event.data.requestId, { tokenHash: event.data.tokenHash });
    case 'PasswordResetEmailSent':
      return updateReset(state, event.data.requestId, { emailSent: true });
    case 'PasswordResetSuperseded':
      return updateReset(state, event.data.requestId, { status: 'superseded', supersededBy: event.data.supersededBy });
    case 'PasswordResetCompleted':
      return updateReset(state, event.data.requestId, { status: 'completed' });
    case 'PasswordResetExpired':
      return updateReset(state, event.data.requestId, { status: 'expired' });
  }
}

function updateReset(state: UserState, requestId: string, change: Partial<ResetRequest>): UserState {
  const current = state.resets[requestId];
  if (!current) return state;
  return { ...state, resets: { ...state.resets, [requestId]: { ...current, ...change } } };
}
