import { deterministicId } from '../../infra/event-store/ids';
import type { Db } from '../../infra/db/prisma';
import { normalizeEmail } from '../../domain/identity/email';
import type { Role } from '../../domain/identity/roles';
import { changeRole } from '../../domain/identity/user-decisions';
import { DomainError } from '../../domain/shared/errors';
import type { Registration } from './registration';
import type { UserCommands } from './user-commands';
import { randomUUID } from 'node:crypto';

export class RoleAdministration {
  constructor(
    private readonly db: Db,
    private readonly users: UserCommands,
    private readonly registration: Registration,
  ) {}

  async changeRole(userId: string, role: Role, changedBy: string): Promise<{ id: string; role: Role }> {
    await this.users.execute(userId, (state) => changeRole(state, { role, changedBy, now: new Date() }), {
      operationId: `role:${randomUUID()}`,
      metadata: { actor: changedBy },
    });
    return { id: userId, role };
  }

  /**
   * Makes sure the configured first admin exists. Idempotent: the user id derives from the email,
   * so concurrent start-ups converge, and an existing admin's password is never touched. An
   * existing account that is not an admin is never promoted: anyone could have registered that
   * email, and promoting it would hand them the admin role with their own password.
   */
  async ensureBootstrapAdmin(email: string, password: string): Promise<'created' | 'unchanged'> {
    const existing = await this.db.user.findUnique({ where: { emailNormalized: normalizeEmail(email) } });
    if (existing?.role === 'admin') return 'unchanged';
    if (existing) {
      throw new DomainError(
        'conflict',
        'bootstrap_email_taken',
        'This email belongs to an existing account that is not an admin; choose another email or have an admin promote it',
      );
    }
    const userId = deterministicId('bootstrap-admin', normalizeEmail(email));
    try {
      await this.registration.register({ userId, email, password, name: 'Administrator', role: 'admin' });
      return 'created';
    } catch (err) {
      // Another instance created it at the same moment.
      const raced = await this.db.user.findUnique({ where: { emailNormalized: normalizeEmail(email) } });
      if (raced?.role === 'admin') return 'unchanged';
      throw err;
    }
  }
}
