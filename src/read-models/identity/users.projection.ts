import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { Tx } from '../../infra/db/prisma';
import { normalizeEmail } from '../../domain/identity/email';
import type { UserEvent } from '../../domain/identity/user-events';

/** `users`: who is registered, their role and current credential version. */
export const usersProjection: Projection = {
  name: 'users',
  tables: ['users'],
  handles: ['UserRegistered', 'UserRoleChanged', 'PasswordChanged'],
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as UserEvent & { recordedAt: Date };
    switch (event.type) {
      case 'UserRegistered': {
        const { userId, email, name, role, registeredAt } = event.data;
        await tx.user.create({
          data: {
            id: userId,
            email,
            emailNormalized: normalizeEmail(email),
            name,
            role,
            credentialVersion: 0,
            registeredAt: new Date(registeredAt),
            updatedAt: new Date(registeredAt),
          },
        });
        return;
      }
      case 'UserRoleChanged':
        await tx.user.update({
          where: { id: event.data.userId },
          data: { role: event.data.role, updatedAt: new Date(event.data.changedAt) },
        });
        return;
      case 'PasswordChanged':
        await tx.user.update({
          where: { id: event.data.userId },
          data: { credentialVersion: event.data.credentialVersion, updatedAt: new Date(event.data.changedAt) },
        });
        return;
    }
  },
};
