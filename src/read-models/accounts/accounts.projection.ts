import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { Tx } from '../../infra/db/prisma';
import type { AccountEvent } from '../../domain/accounts/account-events';

/**
 * `accounts` (with their package), `account_members`, `account_concert_seats` and
 * `account_plan_changes`, all from the account streams. Times come from the events, never the
 * clock: seats in use depend on the time of reading (a concert's seats count until it starts), so
 * queries compute them from `account_concert_seats.starts_at`; nothing stored goes stale.
 */
export const accountsProjection: Projection = {
  name: 'accounts',
  tables: ['accounts', 'account_members', 'account_concert_seats', 'account_plan_changes'],
  handles: [
    'AccountOpened',
    'AccountMemberAdded',
    'AccountMemberRemoved',
    'AccountPlanChangeScheduled',
    'ConcertSeatsAllocated',
    'ConcertSeatsReleased',
  ],
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as AccountEvent;
    switch (event.type) {
      case 'AccountOpened': {
        const { accountId, name, package: pkg, ownerId } = event.data;
        const openedAt = new Date(event.data.openedAt);
        await tx.account.create({
          data: { id: accountId, name, ...pkg, openedAt, updatedAt: openedAt },
        });
        await tx.accountMember.create({ data: { accountId, userId: ownerId, role: 'owner', addedAt: openedAt } });
        return;
      }
      case 'AccountMemberAdded': {
        const { accountId, userId, role } = event.data;
        const addedAt = new Date(event.data.addedAt);
        await tx.accountMember.create({ data: { accountId, userId, role, addedAt } });
        return touch(tx, accountId, addedAt);
      }
      case 'AccountMemberRemoved': {
        const { accountId, userId } = event.data;
        await tx.accountMember.delete({ where: { accountId_userId: { accountId, userId } } });
        return touch(tx, accountId, new Date(event.data.removedAt));
      }
      case 'AccountPlanChangeScheduled': {
        const { accountId, package: pkg, effectiveFrom, scheduledBy } = event.data;
        const scheduledAt = new Date(event.data.scheduledAt);
        // A later schedule replaces an earlier one: at most one change is pending.
        const row = { ...pkg, effectiveFrom, scheduledBy, scheduledAt };
        await tx.accountPlanChange.upsert({ where: { accountId }, create: { accountId, ...row }, update: row });
        return touch(tx, accountId, scheduledAt);
      }
      case 'ConcertSeatsAllocated': {
        const { accountId, concertId, seats } = event.data;
        const allocatedAt = new Date(event.data.allocatedAt);
        // Null for allocations recorded before starts were: they count as not started.
        const startsAt = event.data.startsAt === undefined ? null : new Date(event.data.startsAt);
        // An allocation is the concert's whole capacity and start now: it replaces any earlier one.
        await tx.accountConcertSeats.upsert({
          where: { accountId_concertId: { accountId, concertId } },
          create: { accountId, concertId, seats, startsAt, allocatedAt },
          update: { seats, startsAt, allocatedAt },
        });
        return touch(tx, accountId, allocatedAt);
      }
      case 'ConcertSeatsReleased': {
        const { accountId, concertId } = event.data;
        await tx.accountConcertSeats.deleteMany({ where: { accountId, concertId } });
        return touch(tx, accountId, new Date(event.data.releasedAt));
      }
    }
  },
};

async function touch(tx: Tx, accountId: string, at: Date): Promise<void> {
  await tx.account.update({ where: { id: accountId }, data: { updatedAt: at } });
}
