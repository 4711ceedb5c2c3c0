import { randomBytes, randomUUID } from 'node:crypto';
import { AccountAccess } from '../../src/application/accounts/account-access';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { ConcertCatalog } from '../../src/application/catalog/concert-catalog';
import { ConcertCommands } from '../../src/application/catalog/concert-commands';
import { ConcertManagement, type ScheduleConcertInput } from '../../src/application/catalog/concert-management';
import type { AuthenticatedUser } from '../../src/application/identity/authentication';
import type { TicketLevel } from '../../src/domain/catalog/ticket-level';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { rebuildReadModels } from '../../src/read-models/rebuild';
import { openTestAccount as openAccountOnStream } from '../support/accounts';

const DAY = 86_400_000;
const admin: AuthenticatedUser = { id: randomUUID(), email: 'admin@example.test', name: 'Admin', role: 'admin' };
const ga: TicketLevel = { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 300 };
const vip: TicketLevel = { code: 'VIP', name: 'VIP', price: 12000, currency: 'EUR', capacity: 40 };

describe('catalog read models', () => {
  let db: Db;
  let eventStore: EventStore;
  let accounts: AccountCommands;
  let management: ConcertManagement;
  let catalog: ConcertCatalog;
  // Every artist name in this file carries the tag, so list queries only see this run's concerts.
  const tag = randomBytes(4).toString('hex');

  const openTestAccount = (totalSeats = 10_000) =>
    openAccountOnStream(accounts, { totalSeats, name: `Catalog ${tag}` });

  const concert = (overrides: Partial<ScheduleConcertInput> = {}): ScheduleConcertInput => ({
    name: 'Winter Tour',
    artist: `The Examples ${tag}`,
    venue: 'Hall A',
    city: 'Berlin',
    startsAt: new Date(Date.now() + 30 * DAY),
    ticketLevels: [ga, vip],
    ...overrides,
  });

  beforeAll(() => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    accounts = new AccountCommands(eventStore);
    catalog = new ConcertCatalog(db);
    management = new ConcertManagement(new ConcertCommands(eventStore), accounts, catalog, new AccountAccess(db));
  });
  afterAll(() => db.$disconnect());

  it('projects scheduling, detail and level changes and cancellation', async () => {
    const accountId = await openTestAccount();
    const id = await management.schedule(accountId, concert(), admin);
    expect(await catalog.get(id)).toMatchObject({
      id,
      accountId,
      artist: `The Examples ${tag}`,
      status: 'on_sale',
      cancelledAt: null,
      ticketLevels: [
        { ...ga, available: 300 },
        { ...vip, available: 40 },
      ],
    });

    const startsAt = new Date(Date.now() + 40 * DAY);
    await management.changeDetails(id, { venue: 'Hall B', startsAt }, admin);
    const balcony: TicketLevel = { code: 'BAL', name: 'Balcony', price: 3000, currency: 'USD', capacity: 80 };
    await management.changeTicketLevels(id, [balcony, { ...ga, capacity: 250 }], admin);
    expect(await catalog.get(id)).toMatchObject({
      venue: 'Hall B',
      startsAt: startsAt.toISOString(),
      ticketLevels: [
        { ...balcony, available: 80 },
        { ...ga, capacity: 250, available: 250 },
      ],
    });
    // The account's record of the concert's seats follows both the new levels and the new start.
    expect(await db.accountConcertSeats.findMany({ where: { accountId } })).toEqual([
      expect.objectContaining({ concertId: id, seats: 330n, startsAt }),
    ]);

    await management.cancel(id, 'Illness', admin);
    const cancelled = await catalog.get(id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    expect(await db.concert.findUnique({ where: { id } })).toMatchObject({ cancelReason: 'Illness' });
    expect(await db.accountConcertSeats.findMany({ where: { accountId } })).toEqual([]);
  });

  it('keeps held and sold counts of levels that stay when the levels change', async () => {
    const id = await management.schedule(await openTestAccount(), concert(), admin);
    // Checkout will keep these counts; until it exists the test sets them as it would.
    await db.concertTicketLevel.update({
      where: { concertId_code: { concertId: id, code: 'GA' } },
      data: { held: 5, sold: 20 },
    });
    try {
      await expect(management.changeTicketLevels(id, [{ ...ga, capacity: 24 }, vip], admin)).rejects.toMatchObject({
        code: 'capacity_below_committed',
      });
      await expect(management.changeTicketLevels(id, [vip], admin)).rejects.toMatchObject({
        code: 'ticket_level_has_tickets',
      });
      await management.changeTicketLevels(id, [{ ...ga, capacity: 25, price: 5000 }], admin);
      expect((await catalog.get(id)).ticketLevels).toEqual([{ ...ga, capacity: 25, price: 5000, available: 0 }]);
      expect(await db.concertTicketLevel.findMany({ where: { concertId: id } })).toMatchObject([{ held: 5, sold: 20 }]);
    } finally {
      await db.concertTicketLevel.updateMany({ where: { concertId: id }, data: { held: 0, sold: 0 } });
    }
  });

  describe('the list', () => {
    const ids: Record<string, string> = {};
    // A tag of their own, so concerts of the other tests never show up in these lists.
    const listTag = randomBytes(4).toString('hex');
    const base = Date.now();
    const at = (days: number) => new Date(base + days * DAY);

    beforeAll(async () => {
      const accountId = await openTestAccount();
      const artist = `The Examples ${listTag}`;
      const plan: Array<[string, Partial<ScheduleConcertInput>]> = [
        ['berlin10', { city: 'Berlin', startsAt: at(10), artist }],
        ['hamburg20', { city: 'Hamburg', startsAt: at(20), artist: `Night Owls ${listTag}` }],
        ['berlin30', { city: 'BERLIN', startsAt: at(30), artist }],
        ['berlin40', { city: 'Berlin', startsAt: at(40), artist: `100%_Real ${listTag}` }],
        ['cancelled', { city: 'Berlin', startsAt: at(15), artist }],
      ];
      for (const [key, overrides] of plan) ids[key] = await management.schedule(accountId, concert(overrides), admin);
      await management.cancel(ids.cancelled, undefined, admin);
    });

    const names = async (query: Parameters<ConcertCatalog['list']>[0], now?: Date) =>
      (await catalog.list({ ...query, artist: query.artist ?? listTag }, now)).items.map(
        (c) => Object.entries(ids).find(([, id]) => id === c.id)?.[0],
      );

    it('lists on-sale concerts soonest first, without cancelled ones', async () => {
      expect(await names({ limit: 20 })).toEqual(['berlin10', 'hamburg20', 'berlin30', 'berlin40']);
    });

    it('leaves out concerts that have started', async () => {
      expect(await names({ limit: 20 }, at(25))).toEqual(['berlin30', 'berlin40']);
    });

    it('filters by city (any case), artist (contains, any case, wildcards literal) and dates', async () => {
      expect(await names({ limit: 20, city: 'berlin' })).toEqual(['berlin10', 'berlin30', 'berlin40']);
      expect(await names({ limit: 20, artist: `night OWLS ${listTag}` })).toEqual(['hamburg20']);
      expect(await names({ limit: 20, artist: `100%_real ${listTag}` })).toEqual(['berlin40']);
      expect(await names({ limit: 20, artist: `0%_REAL ${listTag}` })).toEqual(['berlin40']);
      expect(await names({ limit: 20, artist: `%` })).not.toContain('berlin10');
      expect(await names({ limit: 20, from: at(20), to: at(40) })).toEqual(['hamburg20', 'berlin30']);
    });

    it('pages with an opaque cursor until nextCursor is null', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page++) {
        const result = await catalog.list({ limit: 3, cursor, artist: listTag });
        seen.push(...result.items.map((c) => c.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual([ids.berlin10, ids.hamburg20, ids.berlin30, ids.berlin40]);
      await expect(catalog.list({ limit: 3, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
        code: 'invalid_cursor',
      });
    });

    it('uses the (status, starts_at, id) index for the list', async () => {
      await db.$executeRawUnsafe('SET enable_seqscan = off');
      try {
        const plan = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(
          `EXPLAIN SELECT id FROM concerts WHERE status = 'on_sale' AND starts_at > now()
             AND (starts_at, id) > (now(), '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY starts_at, id LIMIT 21`,
        );
        expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/concerts_status_starts_at_id_idx/);
      } finally {
        await db.$executeRawUnsafe('SET enable_seqscan = on');
      }
    });
  });

  it('rebuilds the catalog tables exactly as the live projection built them', async () => {
    await rebuildReadModels(db, eventStore, allProjections);
    const accountId = await openTestAccount();
    const first = await management.schedule(accountId, concert(), admin);
    const second = await management.schedule(accountId, concert({ city: 'Köln', ticketLevels: [vip] }), admin);
    await management.changeDetails(first, { name: 'Renamed', startsAt: new Date(Date.now() + 50 * DAY) }, admin);
    await management.changeTicketLevels(first, [{ ...vip, capacity: 10 }, ga], admin);
    await management.cancel(second, 'Venue closed', admin);

    const snapshot = async () => ({
      concerts: await db.$queryRaw`SELECT to_jsonb(c) AS row FROM concerts c ORDER BY id`,
      levels: await db.$queryRaw`SELECT to_jsonb(l) AS row FROM concert_ticket_levels l ORDER BY concert_id, code`,
    });
    const before = await snapshot();
    expect(JSON.stringify(before)).toContain('Renamed');
    expect(JSON.stringify(before)).toContain('Venue closed');

    await rebuildReadModels(db, eventStore, allProjections);

    expect(await snapshot()).toEqual(before);
  });
});
