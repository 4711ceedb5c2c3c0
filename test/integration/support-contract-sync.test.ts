import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { createSupportContractActivities } from '../../src/activities/support-contracts';
import { CustomerSupportContractCopy } from '../../src/application/support-contracts/customer-support-contract-copy';
import { CustomerSupportContractQueries } from '../../src/application/support-contracts/customer-support-contract-queries';
import { PostgresSupportContractCatalog } from '../../src/application/support-contracts/postgres-support-contract-catalog';
import { supportContractIdOf } from '../../src/application/support-contracts/support-contract-commands';
import { createSupportContract } from '../../src/domain/support-contracts/support-contract-decisions';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { START_OF_ALL } from '../../src/infra/event-store/types';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { eventually } from '../support/stack';
import {
  ADMIN_ID,
  catalogSettled,
  contractAdministration,
  contractTerms,
  copyOf,
  drainSync,
  syncCursor,
  uniqueCode,
} from '../support/support-contracts';
import { snapshotTables } from '../support/table-snapshot';

// The sync on real Postgres: the catalog side (a projection of the contract streams) copied to the
// customer side by the activity the schedule's workflow runs. Files run one at a time, so every catalog
// change made while this file runs is its own, and the counts of each sync are exact.
describe('support-contract sync (catalog side → customer side)', () => {
  let db: Db;
  let eventStore: EventStore;
  let contracts: ReturnType<typeof contractAdministration>;
  let activities: ReturnType<typeof createSupportContractActivities>;
  let customer: CustomerSupportContractQueries;

  const create = async (label: string, overrides: Parameters<typeof contractTerms>[0] = {}) =>
    contracts.admin.create({ code: uniqueCode(label), ...contractTerms(overrides) }, ADMIN_ID);
  /** Everything the catalog holds, copied: the starting point of each test. */
  const caughtUp = async () => {
    await catalogSettled(db);
    return drainSync(activities);
  };

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    contracts = contractAdministration(db, eventStore);
    activities = createSupportContractActivities({ db });
    customer = new CustomerSupportContractQueries(db);
  });
  afterAll(() => db?.$disconnect());

  it('copies creations, revisions and retirements, each contract at its latest version', async () => {
    await caughtUp();
    const basic = await create('BASIC', { monthlyPrice: { amount: 1900, currency: 'EUR' } });
    const business = await create('BUSINESS', { monthlyPrice: { amount: 9900, currency: 'EUR' } });
    await contracts.admin.revise(business.id, { name: 'Business Plus', responseTimeHours: 4 }, ADMIN_ID);
    const shortLived = await create('SHORT');
    await contracts.admin.retire(shortLived.id, ADMIN_ID);

    await catalogSettled(db);
    expect(await activities.syncSupportContracts({ limit: 100 })).toEqual({
      applied: 2,
      retired: 1,
      unchanged: 0,
      more: false,
    });
    expect(await copyOf(db, basic.id)).toMatchObject({ code: basic.code, status: 'active', version: 1 });
    expect(await copyOf(db, business.id)).toMatchObject({
      name: 'Business Plus',
      responseTimeHours: 4,
      monthlyPriceAmount: 9900n,
      monthlyPriceCurrency: 'EUR',
      status: 'active',
      version: 2,
    });
    // Created and retired between two syncs: copied as retired, so an older copy could never revive it.
    expect(await copyOf(db, shortLived.id)).toMatchObject({ status: 'retired', version: 2 });

    const list = await customer.listActive();
    const mine = list.items.filter((c) => [basic.id, business.id, shortLived.id].includes(c.id));
    expect(mine).toEqual([
      {
        id: basic.id,
        code: basic.code,
        name: 'Business',
        description: basic.description,
        monthlyPrice: { amount: 1900, currency: 'EUR' },
        responseTimeHours: 8,
      },
      expect.objectContaining({ id: business.id, name: 'Business Plus', responseTimeHours: 4 }),
    ]);
    expect(Date.now() - Date.parse(list.syncedAt!)).toBeLessThan(60_000);
    await expect(customer.getActive(shortLived.id)).rejects.toMatchObject({ code: 'support_contract_not_found' });

    // Later changes: only they are read again.
    await contracts.admin.retire(basic.id, ADMIN_ID);
    await contracts.admin.revise(business.id, { monthlyPrice: { amount: 12900, currency: 'EUR' } }, ADMIN_ID);
    await catalogSettled(db);
    expect(await activities.syncSupportContracts({ limit: 100 })).toEqual({
      applied: 1,
      retired: 1,
      unchanged: 0,
      more: false,
    });
    expect(await copyOf(db, basic.id)).toMatchObject({ status: 'retired', version: 2 });
    expect(await copyOf(db, business.id)).toMatchObject({ monthlyPriceAmount: 12900n, version: 3 });
    expect((await customer.listActive()).items.map((c) => c.id)).not.toContain(basic.id);
  });

  it('reads in batches and moves its cursor to the last change it copied', async () => {
    await caughtUp();
    const created = [await create('BATCH'), await create('BATCH'), await create('BATCH')];
    await catalogSettled(db);
    expect(await activities.syncSupportContracts({ limit: 2 })).toEqual({
      applied: 2,
      retired: 0,
      unchanged: 0,
      more: true,
    });
    expect(await activities.syncSupportContracts({ limit: 2 })).toEqual({
      applied: 1,
      retired: 0,
      unchanged: 0,
      more: false,
    });
    for (const c of created) expect(await copyOf(db, c.id)).toMatchObject({ version: 1 });
    const [last] = await db.$queryRaw<[{ transaction_id: string; position: string }]>`
      SELECT changed_transaction_id::text AS transaction_id, changed_position::text AS position
        FROM support_contract_catalog ORDER BY changed_transaction_id DESC, changed_position DESC LIMIT 1`;
    expect(await syncCursor(db)).toEqual({ transactionId: last.transaction_id, position: last.position });
  });

  it('copies nothing on a second run: counts 0 and the copy unchanged', async () => {
    const contract = await create('AGAIN');
    await contracts.admin.revise(contract.id, { description: 'Revised once' }, ADMIN_ID);
    await caughtUp();
    const before = await snapshotTables(db, ['customer_support_contracts']);
    const cursor = await syncCursor(db);
    expect(await activities.syncSupportContracts({ limit: 100 })).toEqual({
      applied: 0,
      retired: 0,
      unchanged: 0,
      more: false,
    });
    expect(await drainSync(activities, 1)).toEqual({ applied: 0, retired: 0, unchanged: 0 });
    expect(await snapshotTables(db, ['customer_support_contracts'])).toEqual(before);
    expect(await syncCursor(db)).toEqual(cursor);
  });

  it('never lets a stale version overwrite a newer one, nor moves the cursor back', async () => {
    await caughtUp();
    const contract = await create('STALE');
    await catalogSettled(db);
    // A sync that read the catalog now (version 1)…
    const catalog = new PostgresSupportContractCatalog(db);
    const copy = new CustomerSupportContractCopy(db);
    const staleBatch = await catalog.changedAfter(await copy.cursor(), 100);
    expect(staleBatch).toEqual([expect.objectContaining({ id: contract.id, version: 1 })]);
    // …is overtaken by another that copies version 2 first…
    await contracts.admin.revise(contract.id, { name: 'Stale Test Plus' }, ADMIN_ID);
    await caughtUp();
    expect(await copyOf(db, contract.id)).toMatchObject({ name: 'Stale Test Plus', version: 2 });
    const cursor = await syncCursor(db);
    // …and then commits its stale batch: nothing is written.
    expect(await copy.apply(staleBatch, new Date())).toEqual({ applied: 0, retired: 0, unchanged: 1 });
    expect(await copyOf(db, contract.id)).toMatchObject({ name: 'Stale Test Plus', version: 2 });
    expect(await syncCursor(db)).toEqual(cursor);
  });

  it('reads changes in transaction id order as numbers, not as text: 9 before 10', async () => {
    // Ids far below any real transaction's, set by hand, stand for the moment the server's transaction
    // ids gain a digit (99999 → 100000). The cursor of the real sync is past them, so it never sees them.
    const rows = [
      { id: randomUUID(), txid: 10, code: uniqueCode('TEN') },
      { id: randomUUID(), txid: 9, code: uniqueCode('NINE') },
    ];
    try {
      for (const [position, row] of rows.entries()) {
        await db.$executeRaw`
          INSERT INTO support_contract_catalog (id, code, name, description, monthly_price_amount,
                 monthly_price_currency, response_time_hours, status, version, created_at, updated_at,
                 changed_transaction_id, changed_position)
          VALUES (${row.id}::uuid, ${row.code}, 'Order test', 'Order test', 100, 'EUR', 24, 'active', 1, now(), now(),
                 ${String(row.txid)}::xid8, ${position + 1})`;
      }
      const read = await new PostgresSupportContractCatalog(db).changedAfter(START_OF_ALL, 2);
      expect(read.map((c) => c.changedAt.transactionId)).toEqual([9n, 10n]);
    } finally {
      await db.$executeRaw`DELETE FROM support_contract_catalog WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`;
    }
  });

  it('does not skip a change whose transaction commits after a later one', async () => {
    await caughtUp();
    const early = uniqueCode('EARLY');
    const earlyId = supportContractIdOf(early);
    let reached!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((r) => (reached = r));
    const gate = new Promise<void>((r) => (release = r));
    // The early change takes its position first, then its transaction stays open…
    const slow = contracts.commands.execute(
      earlyId,
      (state) =>
        createSupportContract(state, {
          contractId: earlyId,
          code: early,
          terms: contractTerms({ name: 'Early' }),
          createdBy: ADMIN_ID,
          now: new Date(),
        }),
      {
        operationId: `create-support-contract:${earlyId}`,
        work: async () => {
          reached();
          await gate;
        },
      },
    );
    try {
      await inside;
      // …while a later change commits.
      const late = await create('LATE');
      const whileOpen = await activities.syncSupportContracts({ limit: 100 });
      // The later change waits too: copying it would move the cursor past the early one.
      expect(whileOpen).toMatchObject({ applied: 0 });
      expect(await copyOf(db, late.id)).toBeNull();

      release();
      await slow;
      await catalogSettled(db);
      expect(await drainSync(activities)).toEqual({ applied: 2, retired: 0, unchanged: 0 });
      expect(await copyOf(db, earlyId)).toMatchObject({ code: early, version: 1 });
      expect(await copyOf(db, late.id)).toMatchObject({ code: late.code, version: 1 });
      // It really was out of order: the early change has the lower position and transaction id.
      const rows = await db.$queryRaw<Array<{ id: string; transaction_id: string; position: bigint }>>`
        SELECT id::text AS id, changed_transaction_id::text AS transaction_id, changed_position AS position
          FROM support_contract_catalog WHERE id IN (${earlyId}::uuid, ${late.id}::uuid)`;
      const [e, l] = [rows.find((r) => r.id === earlyId)!, rows.find((r) => r.id === late.id)!];
      expect(e.position < l.position && BigInt(e.transaction_id) < BigInt(l.transaction_id)).toBe(true);
    } finally {
      release();
      await slow.catch(() => undefined);
    }
  });

  it('fails fast while the catalog is unavailable; customers still get the copy; the next sync catches up', async () => {
    const contract = await create('OUTAGE', { name: 'Before outage' });
    await caughtUp();
    await contracts.admin.revise(contract.id, { name: 'After outage' }, ADMIN_ID);
    await catalogSettled(db);
    const cursor = await syncCursor(db);

    const locker = new PgClient({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE support_contract_catalog IN ACCESS EXCLUSIVE MODE');

      const started = Date.now();
      await expect(activities.syncSupportContracts({ limit: 100 })).rejects.toMatchObject({
        name: 'SupportContractCatalogUnavailable',
        message: expect.stringMatching(/lock timeout/),
      });
      expect(Date.now() - started).toBeLessThan(5_000);

      // The customer side answers from its copy, as of the last sync.
      const answered = Date.now();
      const list = await customer.listActive();
      expect(Date.now() - answered).toBeLessThan(2_000);
      expect(list.items.find((c) => c.id === contract.id)).toMatchObject({ name: 'Before outage' });
      expect(await customer.getActive(contract.id)).toMatchObject({ name: 'Before outage' });
      expect(await syncCursor(db)).toEqual(cursor);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }

    expect(await activities.syncSupportContracts({ limit: 100 })).toEqual({
      applied: 1,
      retired: 0,
      unchanged: 0,
      more: false,
    });
    expect(await customer.getActive(contract.id)).toMatchObject({ name: 'After outage' });
    expect(await eventually(async () => (await copyOf(db, contract.id))?.version)).toBe(2);
  });
});
