import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { Tx } from '../../infra/db/prisma';
import type { UserEvent } from '../../domain/identity/user-events';

/** `password_reset_requests`: finds a request by the hash of the token in its email when the user confirms. */
export const passwordResetsProjection: Projection = {
  name: 'password-resets',
  tables: ['password_reset_requests'],
  handles: [
    'PasswordResetRequested',
    'PasswordResetLinkIssued',
    'PasswordResetSuperseded',
    'PasswordResetCompleted',
    'PasswordResetExpired',
  ],
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as UserEvent;
    switch (event.type) {
      case 'PasswordResetRequested': {
        const { requestId, userId, requestedAt, expiresAt } = event.data;
        await tx.passwordResetRequest.create({
          data: {
            requestId,
            userId,
            status: 'pending',
            requestedAt: new Date(requestedAt),
            expiresAt: new Date(expiresAt),
          },
        });
        return;
      }
      case 'PasswordResetLinkIssued':
        await tx.passwordResetRequest.update({
          where: { requestId: event.data.requestId },
          data: { tokenHash: event.data.tokenHash },
        });
        return;
      case 'PasswordResetSuperseded':
        return resolve(tx, event.data.requestId, 'superseded', event.data.supersededAt);
      case 'PasswordResetCompleted':
        return resolve(tx, event.data.requestId, 'completed', event.data.completedAt);
      case 'PasswordResetExpired':
        return resolve(tx, event.data.requestId, 'expired', event.data.expiredAt);
    }
  },
};

async function resolve(tx: Tx, requestId: string, status: string, at: string): Promise<void> {
  await tx.passwordResetRequest.update({ where: { requestId }, data: { status, resolvedAt: new Date(at) } });
}
