import { randomUUID } from 'node:crypto';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { AccountQueries } from '../../src/application/accounts/account-queries';
import { PlanCommands } from '../../src/application/accounts/plan-commands';
import { UserDirectory } from '../../src/application/identity/user-directory';
import { addMember, openAccount, removeMember, schedulePlanChange } from '../../src/domain/accounts/account-decisions';
import type { AccountEvent, AccountPackage } from '../../src/domain/accounts/account-events';
import { createPlan, retirePlan, updatePlan } from '../../src/domain/accounts/plan-decisions';
import type { PlanTerms } from '../../src/domain/accounts/plan-events';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { accountProjections } from '../../src/read-models/accounts';
import { rebuildReadModels } from '../../src/read-models/rebuild';
import { snapshotTables } from '../support/table-snapshot';

const TABLES = ['plans', 'accounts', 'account_members', 'account_concert_seats', 'account_plan_changes'];

describe('plan and account projections', () => {
  let db: Db;
  let eventStore: EventStore;
  let plans: PlanCommands;
  let accounts: AccountCommands;
  let queries: AccountQueries;
  const now = () => new Date();

  const snapshot = () => snapshotTables(db, TABLES);

  async function newPlan(terms: Partial<PlanTerms> = {}): Promise<string> {
    const planId = randomUUID();
    const all = { name: 'Club', monthlyPrice: 4900, currency: 'EUR', userLimit: 3, totalSeats: 1000, ...terms };
    await plans.execute(planId, (s) => createPlan(s, { planId, terms: all, createdBy: 'admin', now: now() }), {
      operationId: `test-create-plan:${planId}`,
    });
    return planId;
  }

  const packageOf = async (planId: string): Promise<AccountPackage> => {
    const p = await db.plan.findUniqueOrThrow({ where: { id: planId } });
    const [monthlyPrice, userLimit, totalSeats] = [p.monthlyPrice, p.userLimit, p.totalSeats].map(Number);
    return { planId, planName: p.name, monthlyPrice, currency: p.currency, userLimit, totalSeats };
  };

  async function onAccount(accountId: string, decide: Parameters<AccountCommands['execute']>[1]): Promise<void> {
    await accounts.execute(accountId, decide, { operationId: `test:${randomUUID()}` });
  }

  const DAY = 86_400_000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY);
  /** Releases without `seats`; allocates with a start, or without one when `startsAt` is null (as recorded before starts were). */
  const seatEvent = (
    accountId: string,
    concertId: string,
    seats?: number,
    startsAt: Date | null = inDays(30),
  ): AccountEvent =>
    seats === undefined
      ? { type: 'ConcertSeatsReleased', data: { accountId, concertId, releasedAt: now().toISOString() } }
      : {
          type: 'ConcertSeatsAllocated',
          data: {
            accountId,
            concertId,
            seats,
            ...(startsAt === null ? {} : { startsAt: startsAt.toISOString() }),
            allocatedAt: now().toISOString(),
          },
        };

  /** A plan, an account with members, seats and a scheduled change: every event the projections handle. */
  async function buildHistory() {
    const clubId = await newPlan({ name: 'Club', monthlyPrice: 4900 });
    const arenaId = await newPlan({ name: 'Arena', monthlyPrice: 9900, userLimit: 10, totalSeats: 5000 });
    const oldId = await newPlan({ name: 'Old', monthlyPrice: 100 });
    const [ownerId, leaverId, stayerId] = [randomUUID(), randomUUID(), randomUUID()];
    const accountId = randomUUID();
    const club = await packageOf(clubId);
    await onAccount(accountId, (s) =>
      openAccount(s, { accountId, name: 'Blue Note', package: club, ownerId, now: now() }),
    );
    for (const userId of [leaverId, stayerId]) {
      await onAccount(accountId, (s) => addMember(s, { userId, role: 'staff', addedBy: ownerId, now: now() }));
    }
    await onAccount(accountId, (s) => removeMember(s, { userId: leaverId, removedBy: ownerId, now: now() }));
    await onAccount(accountId, () => [seatEvent(accountId, 'c1', 300)]);
    await onAccount(accountId, () => [seatEvent(accountId, 'c2', 200)]);
    await onAccount(accountId, () => [seatEvent(accountId, 'c1', 400)]);
    await onAccount(accountId, () => [seatEvent(accountId, 'c2')]);
    // A concert that has started keeps its record but no longer counts; one recorded without a start does.
    await onAccount(accountId, () => [seatEvent(accountId, 'c3', 250, inDays(-1))]);
    await onAccount(accountId, () => [seatEvent(accountId, 'c4', 50, null)]);
    const arena = await packageOf(arenaId);
    await onAccount(accountId, (s) => schedulePlanChange(s, { package: arena, scheduledBy: ownerId, now: now() }));
    // Plan edits after the account opened never reach its package.
    await plans.execute(
      clubId,
      (s) =>
        updatePlan(s, { changes: { name: 'Club+', monthlyPrice: 5900, userLimit: 4 }, updatedBy: 'a', now: now() }),
      { operationId: `test:${randomUUID()}` },
    );
    await plans.execute(oldId, (s) => retirePlan(s, { retiredBy: 'admin', now: now() }), {
      operationId: `test:${randomUUID()}`,
    });
    return { clubId, arenaId, oldId, ownerId, leaverId, stayerId, accountId, club, arena };
  }

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    plans = new PlanCommands(eventStore);
    accounts = new AccountCommands(eventStore);
    queries = new AccountQueries(db, new UserDirectory(db));
  });

  afterAll(async () => {
    await db.$disconnect();
  });

  it('owns the plan and account tables', () => {
    expect(accountProjections.flatMap((p) => p.tables).sort()).toEqual([...TABLES].sort());
  });

  it('keeps plans, accounts, members, seats and plan changes in step with the events', async () => {
    const h = await buildHistory();

    const club = await db.plan.findUniqueOrThrow({ where: { id: h.clubId } });
    expect(club).toMatchObject({
      name: 'Club+',
      monthlyPrice: 5900n,
      userLimit: 4n,
      status: 'active',
      retiredAt: null,
    });
    expect(club.updatedAt.getTime()).toBeGreaterThanOrEqual(club.createdAt.getTime());
    const old = await db.plan.findUniqueOrThrow({ where: { id: h.oldId } });
    expect(old.status).toBe('retired');
    expect(old.retiredAt).toEqual(old.updatedAt);

    const account = await db.account.findUniqueOrThrow({ where: { id: h.accountId } });
    expect(account).toMatchObject({
      name: 'Blue Note',
      planId: h.clubId,
      planName: 'Club',
      monthlyPrice: 4900n,
      currency: 'EUR',
      userLimit: 3n,
      totalSeats: 1000n,
    });
    const members = await db.accountMember.findMany({ where: { accountId: h.accountId }, orderBy: { addedAt: 'asc' } });
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [h.ownerId, 'owner'],
        [h.stayerId, 'staff'],
      ].sort(),
    );
    expect(
      await db.accountConcertSeats.findMany({ where: { accountId: h.accountId }, orderBy: { concertId: 'asc' } }),
    ).toEqual([
      expect.objectContaining({ concertId: 'c1', seats: 400n, startsAt: expect.any(Date) }),
      expect.objectContaining({ concertId: 'c3', seats: 250n, startsAt: expect.any(Date) }),
      expect.objectContaining({ concertId: 'c4', seats: 50n, startsAt: null }),
    ]);
    // Seats in use are computed when read: c1 and c4 are still to come, c3 has started.
    expect((await queries.get(h.accountId)).seatsInUse).toBe(450);
    expect(await db.accountPlanChange.findUniqueOrThrow({ where: { accountId: h.accountId } })).toMatchObject({
      planId: h.arenaId,
      planName: 'Arena',
      monthlyPrice: 9900n,
      userLimit: 10n,
      totalSeats: 5000n,
      effectiveFrom: expect.stringMatching(/^\d{4}-\d{2}$/),
      scheduledBy: h.ownerId,
    });
  });

  it('is reproduced exactly by a rebuild from the events', async () => {
    // Start from what the current projections build, then compare live results with a replay.
    await rebuildReadModels(db, eventStore, allProjections);
    const h = await buildHistory();
    const before = await snapshot();
    expect(before.account_concert_seats).toEqual(
      expect.arrayContaining([expect.objectContaining({ account_id: h.accountId, concert_id: 'c1', seats: 400 })]),
    );
    expect(before.plans).toEqual(expect.arrayContaining([expect.objectContaining({ id: h.oldId, status: 'retired' })]));

    await rebuildReadModels(db, eventStore, allProjections);

    expect(await snapshot()).toEqual(before);
  });

  it('repairs corrupted, missing and stray rows on a rebuild', async () => {
    const h = await buildHistory();
    const before = await snapshot();

    await db.$executeRaw`UPDATE accounts SET user_limit = 99 WHERE id = ${h.accountId}::uuid`;
    await db.$executeRaw`UPDATE account_concert_seats SET starts_at = NULL WHERE account_id = ${h.accountId}::uuid`;
    await db.$executeRaw`DELETE FROM account_members WHERE user_id = ${h.stayerId}::uuid`;
    await db.$executeRaw`INSERT INTO account_members (account_id, user_id, role, added_at)
                         VALUES (${h.accountId}::uuid, ${randomUUID()}::uuid, 'owner', now())`;
    await db.$executeRaw`UPDATE plans SET status = 'active', retired_at = NULL WHERE id = ${h.oldId}::uuid`;
    await db.$executeRaw`DELETE FROM account_plan_changes WHERE account_id = ${h.accountId}::uuid`;
    expect(await snapshot()).not.toEqual(before);

    await rebuildReadModels(db, eventStore, allProjections);

    expect(await snapshot()).toEqual(before);
  });
});
