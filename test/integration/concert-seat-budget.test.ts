import { randomUUID } from 'node:crypto';
import { AccountAccess } from '../../src/application/accounts/account-access';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { AccountQueries } from '../../src/application/accounts/account-queries';
import { ConcertCatalog } from '../../src/application/catalog/concert-catalog';
import { ConcertCommands } from '../../src/application/catalog/concert-commands';
import { ConcertManagement, type ScheduleConcertInput } from '../../src/application/catalog/concert-management';
import type { AuthenticatedUser } from '../../src/application/identity/authentication';
import { UserDirectory } from '../../src/application/identity/user-directory';
import { seatsInUse } from '../../src/domain/accounts/account';
import { DomainError } from '../../src/domain/shared/errors';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { openTestAccount as openAccountOnStream } from '../support/accounts';

const TOTAL_SEATS = 1000;
const admin: AuthenticatedUser = { id: randomUUID(), email: 'admin@example.test', name: 'Admin', role: 'admin' };

/** Settles a promise into a value, so refusals can be inspected next to successes. */
const outcomeOf = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe("an account's seat budget under concurrent concert commands", () => {
  let db: Db;
  let accounts: AccountCommands;
  let concerts: ConcertCommands;
  let management: ConcertManagement;
  let queries: AccountQueries;

  const concert = (capacity: number, startsAt = new Date(Date.now() + 7 * 86_400_000)): ScheduleConcertInput => ({
    name: `Show of ${capacity}`,
    artist: 'Budget Band',
    venue: 'Hall',
    city: 'Berlin',
    startsAt,
    ticketLevels: [{ code: 'GA', name: 'General', price: 1000, currency: 'EUR', capacity }],
  });

  const openTestAccount = () => openAccountOnStream(accounts, { totalSeats: TOTAL_SEATS, name: 'Budget Promotions' });

  /** The budget as the account stream has it, and the capacity of the concerts actually on sale. */
  async function ledger(accountId: string, concertIds: string[]) {
    const { state } = await accounts.load(accountId);
    let onSale = 0;
    for (const id of concertIds) {
      const concert = (await concerts.load(id)).state;
      if (concert.scheduled && !concert.cancelled) onSale += concert.ticketLevels.reduce((s, l) => s + l.capacity, 0);
    }
    return { inUse: seatsInUse(state, new Date()), onSale, byConcert: state.seatsByConcert };
  }

  beforeAll(() => {
    db = createDb(process.env.DATABASE_URL!, { maxConnections: 20 });
    const eventStore = new EventStore(db, { projections: allProjections, upcasters });
    accounts = new AccountCommands(eventStore);
    concerts = new ConcertCommands(eventStore);
    management = new ConcertManagement(concerts, accounts, new ConcertCatalog(db), new AccountAccess(db));
    queries = new AccountQueries(db, new UserDirectory(db));
  });
  afterAll(() => db.$disconnect());

  it('never lets concurrent schedulings exceed totalSeats', async () => {
    const accountId = await openTestAccount();
    const capacities = [400, 350, 300, 250, 200, 150]; // 1650 asked for, 1000 allowed
    const outcomes = await Promise.all(
      capacities.map((capacity) => outcomeOf(management.schedule(accountId, concert(capacity), admin))),
    );

    const scheduled = outcomes.flatMap((o, i) => (o.ok ? [{ id: o.value, seats: capacities[i] }] : []));
    const refused = outcomes.flatMap((o, i) => (o.ok ? [] : [{ error: o.error, seats: capacities[i] }]));
    // Every request got a decision: a concert or a refusal naming the budget, never a lost race.
    for (const { error } of refused) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid', code: 'total_seats_exceeded' });
    }
    expect(scheduled.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);

    const used = scheduled.reduce((sum, s) => sum + s.seats, 0);
    expect(used).toBeLessThanOrEqual(TOTAL_SEATS);
    // Each refusal was right: what was taken in the end left no room for it.
    for (const { seats } of refused) expect(used + seats).toBeGreaterThan(TOTAL_SEATS);

    const { inUse, onSale, byConcert } = await ledger(
      accountId,
      outcomes.flatMap((o) => (o.ok ? [o.value] : [])),
    );
    expect(inUse).toBe(used);
    expect(onSale).toBe(used);
    expect(Object.keys(byConcert).sort()).toEqual(scheduled.map((s) => s.id).sort());
    // The read models agree with the streams.
    expect((await queries.get(accountId)).seatsInUse).toBe(used);
    expect(await db.concert.count({ where: { accountId } })).toBe(scheduled.length);
  });

  it('keeps the budget when level changes, cancellations and schedulings race', async () => {
    const accountId = await openTestAccount();
    const a = await management.schedule(accountId, concert(400), admin);
    const b = await management.schedule(accountId, concert(400), admin);
    // Cancelling b frees 400; a grows by 300; three newcomers want 250 each.
    const outcomes = await Promise.all([
      outcomeOf(management.cancel(b, 'Moved', admin)),
      outcomeOf(
        management.changeTicketLevels(
          a,
          [{ code: 'GA', name: 'General', price: 1000, currency: 'EUR', capacity: 700 }],
          admin,
        ),
      ),
      ...[1, 2, 3].map(() => outcomeOf(management.schedule(accountId, concert(250), admin))),
    ]);
    for (const o of outcomes) {
      if (!o.ok) expect(o.error).toMatchObject({ code: 'total_seats_exceeded' });
    }
    expect(outcomes[0].ok).toBe(true);

    const newcomers = outcomes.slice(2).flatMap((o) => (o.ok ? [o.value as string] : []));
    const { inUse, onSale } = await ledger(accountId, [a, b, ...newcomers]);
    expect(inUse).toBe(onSale);
    expect(inUse).toBeLessThanOrEqual(TOTAL_SEATS);
  });

  it('lets concurrent schedulings use the seats of a concert that has started, and no more', async () => {
    const accountId = await openTestAccount();
    const startsAt = new Date(Date.now() + 1500);
    const early = await management.schedule(accountId, concert(600, startsAt), admin);
    const later = await management.schedule(accountId, concert(300), admin);
    await new Promise((resolve) => setTimeout(resolve, startsAt.getTime() - Date.now() + 100));

    // 700 are free now that the early concert has started: 400 + 300 fit, 250 more would not.
    const capacities = [400, 300, 250];
    const outcomes = await Promise.all(
      capacities.map((capacity) => outcomeOf(management.schedule(accountId, concert(capacity), admin))),
    );
    for (const o of outcomes) if (!o.ok) expect(o.error).toMatchObject({ code: 'total_seats_exceeded' });
    const used = 300 + outcomes.reduce((sum, o, i) => sum + (o.ok ? capacities[i] : 0), 0);
    expect(outcomes.filter((o) => o.ok).length).toBe(2);
    expect(used).toBeLessThanOrEqual(TOTAL_SEATS);

    const { inUse, byConcert } = await ledger(accountId, []);
    expect(inUse).toBe(used);
    // The concert that started keeps its record, with its start; it just no longer counts.
    expect(byConcert[early]).toEqual({ seats: 600, startsAt: startsAt.toISOString() });
    expect(byConcert[later]).toMatchObject({ seats: 300 });
    expect((await queries.get(accountId)).seatsInUse).toBe(used);
    // And it can no longer be cancelled: it has happened.
    await expect(management.cancel(early, undefined, admin)).rejects.toMatchObject({
      code: 'concert_already_started',
    });
  });

  it('records a new start with the seats, so they stop counting when the concert starts', async () => {
    const accountId = await openTestAccount();
    const id = await management.schedule(accountId, concert(700), admin);
    const startsAt = new Date(Date.now() + 1500);
    await management.changeDetails(id, { startsAt }, admin);
    expect((await ledger(accountId, [])).byConcert[id]).toEqual({ seats: 700, startsAt: startsAt.toISOString() });
    await expect(management.schedule(accountId, concert(301), admin)).rejects.toMatchObject({
      code: 'total_seats_exceeded',
    });
    await new Promise((resolve) => setTimeout(resolve, startsAt.getTime() - Date.now() + 100));
    await expect(management.schedule(accountId, concert(TOTAL_SEATS), admin)).resolves.toEqual(expect.any(String));
  });

  it('gives cancelled seats back to the budget', async () => {
    const accountId = await openTestAccount();
    const full = await management.schedule(accountId, concert(TOTAL_SEATS), admin);
    await expect(management.schedule(accountId, concert(1), admin)).rejects.toMatchObject({
      code: 'total_seats_exceeded',
    });
    await management.cancel(full, undefined, admin);
    await expect(management.schedule(accountId, concert(TOTAL_SEATS), admin)).resolves.toEqual(expect.any(String));
  });
});
