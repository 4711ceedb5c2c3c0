import type { Db } from '../../infra/db/prisma';
import type { AccountPackage, MemberRole } from '../../domain/accounts/account-events';
import { DomainError } from '../../domain/shared/errors';
import type { UserDirectory } from '../identity/user-directory';

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
}

export interface ScheduledPlanChangeView {
  package: AccountPackage;
  /** Billing period (YYYY-MM) from which the new package applies. */
  effectiveFrom: string;
  scheduledAt: string;
}

export interface AccountView {
  id: string;
  name: string;
  package: AccountPackage;
  members: MemberView[];
  /** Seats the account's concerts that have not started hold against totalSeats. */
  seatsInUse: number;
  scheduledPlanChange: ScheduledPlanChangeView | null;
  openedAt: string;
}

export interface AccountSummary {
  id: string;
  name: string;
  /** The signed-in user's role in the account. */
  role: MemberRole;
  package: AccountPackage;
  /** Seats the account's concerts that have not started hold against totalSeats. */
  seatsInUse: number;
}

interface PackageColumns {
  planId: string;
  planName: string;
  monthlyPrice: bigint;
  currency: string;
  userLimit: bigint;
  totalSeats: bigint;
}

/** The accounts read model; member names and emails come from identity's directory. */
export class AccountQueries {
  constructor(
    private readonly db: Db,
    private readonly directory: UserDirectory,
  ) {}

  async get(accountId: string): Promise<AccountView> {
    const [account, memberRows, change, seats] = await Promise.all([
      this.db.account.findUnique({ where: { id: accountId } }),
      this.db.accountMember.findMany({ where: { accountId }, orderBy: [{ addedAt: 'asc' }, { userId: 'asc' }] }),
      this.db.accountPlanChange.findUnique({ where: { accountId } }),
      this.seatsInUse([accountId]),
    ]);
    if (!account) throw accountNotFound();
    const users = new Map((await this.directory.findByIds(memberRows.map((m) => m.userId))).map((u) => [u.id, u]));
    return {
      id: account.id,
      name: account.name,
      package: toPackage(account),
      members: memberRows.map((m) => ({
        userId: m.userId,
        name: users.get(m.userId)?.name ?? '',
        email: users.get(m.userId)?.email ?? '',
        role: m.role as MemberRole,
      })),
      seatsInUse: seats.get(accountId) ?? 0,
      scheduledPlanChange: change && {
        package: toPackage(change),
        effectiveFrom: change.effectiveFrom,
        scheduledAt: change.scheduledAt.toISOString(),
      },
      openedAt: account.openedAt.toISOString(),
    };
  }

  /** Every account the user belongs to, by name. */
  async listFor(userId: string): Promise<AccountSummary[]> {
    const memberships = await this.db.accountMember.findMany({ where: { userId } });
    const roles = new Map(memberships.map((m) => [m.accountId, m.role as MemberRole]));
    const [accounts, seats] = await Promise.all([
      this.db.account.findMany({ where: { id: { in: [...roles.keys()] } }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      this.seatsInUse([...roles.keys()]),
    ]);
    return accounts.map((a) => ({
      id: a.id,
      name: a.name,
      role: roles.get(a.id)!,
      package: toPackage(a),
      seatsInUse: seats.get(a.id) ?? 0,
    }));
  }

  /**
   * Seats each account's concerts hold now: only concerts that have not started count (DOMAIN §9,
   * "on sale at once"), so this depends on the time of reading and is computed here, not stored.
   */
  private async seatsInUse(accountIds: string[]): Promise<Map<string, number>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.db.$queryRaw<Array<{ accountId: string; seats: bigint }>>`
      SELECT account_id::text AS "accountId", sum(seats)::bigint AS seats
        FROM account_concert_seats
       WHERE account_id = ANY(${accountIds}::uuid[]) AND (starts_at IS NULL OR starts_at > now())
       GROUP BY account_id`;
    return new Map(rows.map((r) => [r.accountId, Number(r.seats)]));
  }

  async member(accountId: string, userId: string): Promise<MemberView> {
    const row = await this.db.accountMember.findUnique({ where: { accountId_userId: { accountId, userId } } });
    const user = row && (await this.directory.findById(userId));
    if (!row || !user) throw new DomainError('not_found', 'member_not_found', 'User is not a member of this account');
    return { userId, name: user.name, email: user.email, role: row.role as MemberRole };
  }
}

export const accountNotFound = (): DomainError =>
  new DomainError('not_found', 'account_not_found', 'Account not found');

const toPackage = (row: PackageColumns): AccountPackage => ({
  planId: row.planId,
  planName: row.planName,
  monthlyPrice: Number(row.monthlyPrice),
  currency: row.currency,
  userLimit: Number(row.userLimit),
  totalSeats: Number(row.totalSeats),
});
