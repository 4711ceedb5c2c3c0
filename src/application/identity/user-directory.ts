import type { Db } from '../../infra/db/prisma';
import { normalizeEmail } from '../../domain/identity/email';
import type { Role } from '../../domain/identity/roles';

export interface DirectoryUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Identity's published query side: other contexts look users up here, never in identity's tables. */
export class UserDirectory {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<DirectoryUser | undefined> {
    const user = await this.db.user.findUnique({ where: { id } });
    return user ? toDirectoryUser(user) : undefined;
  }

  async findByEmail(email: string): Promise<DirectoryUser | undefined> {
    const user = await this.db.user.findUnique({ where: { emailNormalized: normalizeEmail(email) } });
    return user ? toDirectoryUser(user) : undefined;
  }

  /** Several users in one query (unknown ids are simply absent from the answer). */
  async findByIds(ids: readonly string[]): Promise<DirectoryUser[]> {
    const users = await this.db.user.findMany({ where: { id: { in: [...ids] } } });
    return users.map(toDirectoryUser);
  }
}

const toDirectoryUser = (u: { id: string; email: string; name: string; role: string }): DirectoryUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as Role,
});
