import type { Db } from '../../infra/db/prisma';
import type { MemberRole } from '../../domain/accounts/account-events';
import { DomainError } from '../../domain/shared/errors';
import type { AuthenticatedUser } from '../identity/authentication';
import { accountNotFound } from './account-queries';

/**
 * Who may act on an account. Admins may do anything to any account. To everyone else an account they
 * do not belong to does not exist (404, like an unknown id), so account ids reveal nothing; members
 * lacking the role an action needs get 403.
 */
export class AccountAccess {
  constructor(private readonly db: Db) {}

  async assertMember(accountId: string, user: AuthenticatedUser): Promise<void> {
    await this.assertRole(accountId, user, ['owner', 'staff']);
  }

  async assertOwner(accountId: string, user: AuthenticatedUser): Promise<void> {
    await this.assertRole(accountId, user, ['owner']);
  }

  /** Owners and staff members manage the account's concerts. */
  async assertCanManageConcerts(accountId: string, user: AuthenticatedUser): Promise<void> {
    await this.assertRole(accountId, user, ['owner', 'staff']);
  }

  private async assertRole(accountId: string, user: AuthenticatedUser, allowed: MemberRole[]): Promise<void> {
    const [account, membership] = await Promise.all([
      this.db.account.findUnique({ where: { id: accountId }, select: { id: true } }),
      this.db.accountMember.findUnique({ where: { accountId_userId: { accountId, userId: user.id } } }),
    ]);
    if (!account) throw accountNotFound();
    if (user.role === 'admin') return;
    if (!membership) throw accountNotFound();
    if (!allowed.includes(membership.role as MemberRole)) {
      throw new DomainError('forbidden', 'owner_required', 'Only an owner of this account may do this');
    }
  }
}
