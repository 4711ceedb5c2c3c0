import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { MAX_PRICE_MINOR_UNITS } from '../../src/domain/shared/money';
import { supportContractStreamId } from '../../src/domain/support-contracts/support-contract-events';
import { ensureSupportContractSyncSchedule } from '../../src/infra/temporal/support-contract-sync-schedule';
import { SUPPORT_CONTRACT_SYNC_SCHEDULE_ID } from '../../src/workflows/support-contract-sync.contract';
import { signUpOverHttp, startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';
import { uniqueCode } from '../support/support-contracts';
import { snapshotTables } from '../support/table-snapshot';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'contracts-admin-77' };
const TERMS = {
  name: 'Business',
  description: 'Phone and email support on working days',
  monthlyPrice: { amount: 9900, currency: 'EUR' },
  responseTimeHours: 8,
};

/**
 * Support contracts over HTTP on the real stack: admins manage the catalog, the sync schedule (as the
 * worker ensures it on start, on this file's task queue) copies it, customers list the copy.
 */
describe('support contracts over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let customer: string;
  let staff: string;

  const createContract = async (label: string, terms: Record<string, unknown> = {}) => {
    const res = await stack.http('POST', '/admin/support-contracts', {
      token: admin,
      body: { code: uniqueCode(label), ...TERMS, ...terms },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string; version: number; status: string };
  };
  const customerList = async () => {
    const res = await stack.http('GET', '/support-contracts');
    expect(res.status).toBe(200);
    return res.body as {
      items: Array<{ id: string; name: string; monthlyPrice: { amount: number } }>;
      syncedAt: string;
    };
  };
  /** Asks for a sync and waits until customers see what `check` looks for (asking again now and then). */
  const syncUntil = async <T>(check: (list: Awaited<ReturnType<typeof customerList>>) => T | undefined) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await stack.http('POST', '/admin/support-contracts/sync', { token: admin });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ scheduleId: SUPPORT_CONTRACT_SYNC_SCHEDULE_ID, requestedAt: expect.any(String) });
      for (const until = Date.now() + 3_000; Date.now() < until;) {
        const found = check(await customerList());
        if (found !== undefined) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (Date.now() > deadline) throw new Error('the sync did not reach the customer side in time');
    }
  };
  const mine = (list: Awaited<ReturnType<typeof customerList>>, ids: string[]) =>
    list.items.filter((c) => ids.includes(c.id));

  /** What a refused request must leave untouched: the contract events and both sides' tables. */
  const written = async () => ({
    events: Number(
      (
        await stack.infra.db.$queryRaw<[{ n: bigint }]>`
          SELECT count(*) AS n FROM events WHERE stream_type = 'support-contract'`
      )[0].n,
    ),
    tables: await snapshotTables(stack.infra.db, ['support_contract_catalog', 'customer_support_contracts']),
  });
  const expectProblem = (res: HttpResult, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (code) expect(res.body.code).toBe(code);
  };

  beforeAll(async () => {
    // Interval runs fall on multiples of the interval since 1970: with ten years, only this file's
    // requests start syncs.
    stack = await startApiStack({
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      SUPPORT_CONTRACT_SYNC_INTERVAL: '3650d',
    });
    // Other files' workers (e.g. the built worker the crash test starts) may have created the schedule for
    // their own task queue, with a run stuck there that the overlap policy would wait for: start afresh.
    await stack.temporal.schedule
      .getHandle(SUPPORT_CONTRACT_SYNC_SCHEDULE_ID)
      .delete()
      .catch(() => undefined);
    await ensureSupportContractSyncSchedule(stack.temporal, stack.config);
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    customer = (await signUpOverHttp(stack, 'contracts')).token;
    // Support staff work tickets; the contract catalog is for admins alone.
    const staffer = await signUpOverHttp(stack, 'contracts-staff');
    const promoted = await stack.http('PUT', `/admin/users/${staffer.id}/role`, {
      token: admin,
      body: { role: 'staff' },
    });
    expect(promoted.status).toBe(200);
    staff = staffer.token;
  });
  afterAll(async () => {
    await stack?.temporal.schedule
      .getHandle(SUPPORT_CONTRACT_SYNC_SCHEDULE_ID)
      .delete()
      .catch(() => undefined);
    await stack?.stop();
  });

  it('lets admins create, revise and retire contracts; customers see each change after a sync', async () => {
    const basic = await createContract('BASIC', { monthlyPrice: { amount: 1900, currency: 'EUR' }, name: ' Basic ' });
    expect(basic).toEqual({
      id: expect.any(String),
      code: basic.code,
      ...TERMS,
      name: 'Basic',
      monthlyPrice: { amount: 1900, currency: 'EUR' },
      status: 'active',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      retiredAt: null,
    });
    const business = await createContract('BUSINESS', { monthlyPrice: { amount: 9900, currency: 'EUR' } });
    const premium = await createContract('PREMIUM', { monthlyPrice: { amount: 4900, currency: 'EUR' } });
    const revised = await stack.http('PATCH', `/admin/support-contracts/${premium.id}`, {
      token: admin,
      body: { name: 'Premium', monthlyPrice: { amount: 29900, currency: 'EUR' }, responseTimeHours: 1 },
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ name: 'Premium', monthlyPrice: { amount: 29900 }, version: 2 });
    const gone = await createContract('GONE');
    const retired = await stack.http('POST', `/admin/support-contracts/${gone.id}/retire`, { token: admin });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', version: 2, retiredAt: expect.any(String) });

    // Not on the customer side until a sync has run.
    const ids = [basic.id, business.id, premium.id, gone.id];
    expect(mine(await customerList(), ids)).toEqual([]);
    const synced = await syncUntil((list) => (mine(list, ids).length === 3 ? list : undefined));
    // Cheapest first; the retired one is not offered.
    expect(mine(synced, ids)).toEqual([
      {
        id: basic.id,
        code: basic.code,
        name: 'Basic',
        description: TERMS.description,
        monthlyPrice: { amount: 1900, currency: 'EUR' },
        responseTimeHours: 8,
      },
      expect.objectContaining({ id: business.id, monthlyPrice: { amount: 9900, currency: 'EUR' } }),
      expect.objectContaining({ id: premium.id, name: 'Premium', responseTimeHours: 1 }),
    ]);
    expect(Date.now() - Date.parse(synced.syncedAt)).toBeLessThan(60_000);
    const one = await stack.http('GET', `/support-contracts/${premium.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: premium.id, name: 'Premium', monthlyPrice: { amount: 29900 } });
    expectProblem(await stack.http('GET', `/support-contracts/${gone.id}`), 404, 'support_contract_not_found');

    // Later changes reach customers with the next sync.
    await stack.http('POST', `/admin/support-contracts/${basic.id}/retire`, { token: admin });
    await stack.http('PATCH', `/admin/support-contracts/${business.id}`, {
      token: admin,
      body: { description: 'Around the clock' },
    });
    const later = await syncUntil((list) =>
      mine(list, ids).some((c) => c.id === basic.id) ? undefined : mine(list, ids),
    );
    expect(later).toEqual([
      expect.objectContaining({ id: business.id, description: 'Around the clock' }),
      expect.objectContaining({ id: premium.id }),
    ]);
    expectProblem(await stack.http('GET', `/support-contracts/${basic.id}`), 404, 'support_contract_not_found');

    // Admins see the whole catalog, retired contracts too.
    const catalog = await stack.http('GET', '/admin/support-contracts', { token: admin });
    expect(catalog.status).toBe(200);
    expect((catalog.body as Array<{ id: string; status: string }>).filter((c) => ids.includes(c.id))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: basic.id, status: 'retired' }),
        expect.objectContaining({ id: gone.id, status: 'retired' }),
        expect.objectContaining({ id: business.id, status: 'active', version: 2 }),
      ]),
    );
    const got = await stack.http('GET', `/admin/support-contracts/${gone.id}`, { token: admin });
    expect(got.body).toEqual(retired.body);
  });

  it('answers a revision that changes nothing with the contract as it is, writing nothing', async () => {
    const contract = await createContract('SAME');
    const before = await written();
    const res = await stack.http('PATCH', `/admin/support-contracts/${contract.id}`, {
      token: admin,
      body: { name: TERMS.name, monthlyPrice: TERMS.monthlyPrice, responseTimeHours: 8 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(contract);
    expect(await written()).toEqual(before);
  });

  it('takes a contract id in upper case as the same contract', async () => {
    const contract = await createContract('UPPER');
    const upper = contract.id.toUpperCase();
    const revised = await stack.http('PATCH', `/admin/support-contracts/${upper}`, {
      token: admin,
      body: { name: 'Upper Plus' },
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ id: contract.id, name: 'Upper Plus', version: 2 });
    const retired = await stack.http('POST', `/admin/support-contracts/${upper}/retire`, { token: admin });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ id: contract.id, status: 'retired', version: 3 });
    expect((await stack.http('GET', `/admin/support-contracts/${upper}`, { token: admin })).body).toEqual(retired.body);
  });

  it('lets only one of two admins racing to create a code, or to retire a contract, succeed', async () => {
    const codes = Array.from({ length: 4 }, () => uniqueCode('RACE'));
    const creates = await Promise.all(
      codes.flatMap((code) =>
        [1900, 2900].map((amount) =>
          stack.http('POST', '/admin/support-contracts', {
            token: admin,
            body: { ...TERMS, code, monthlyPrice: { amount, currency: 'EUR' } },
          }),
        ),
      ),
    );
    for (const [i, code] of codes.entries()) {
      const pair = creates.slice(2 * i, 2 * i + 2);
      expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = pair.find((r) => r.status === 201)!;
      expect(pair.find((r) => r.status === 409)!.body.code).toBe('support_contract_exists');
      // The catalog holds the winner's terms, as its answer said.
      const stored = await stack.http('GET', `/admin/support-contracts/${winner.body.id}`, { token: admin });
      expect(stored.body).toMatchObject({ code, monthlyPrice: winner.body.monthlyPrice, version: 1 });
    }

    const ids = creates.filter((r) => r.status === 201).map((r) => r.body.id as string);
    const retires = await Promise.all(
      ids.flatMap((id) =>
        [1, 2].map(() => stack.http('POST', `/admin/support-contracts/${id}/retire`, { token: admin })),
      ),
    );
    for (const i of ids.keys()) {
      const pair = retires.slice(2 * i, 2 * i + 2);
      expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(pair.find((r) => r.status === 409)!.body.code).toBe('support_contract_retired');
    }
    const events = await stack.infra.db.$queryRaw<Array<{ type: string; n: number }>>`
      SELECT type, count(*)::int AS n FROM events
       WHERE stream_id = ANY(${ids.map(supportContractStreamId)}::text[]) GROUP BY type ORDER BY type`;
    expect(events).toEqual([
      { type: 'SupportContractCreated', n: ids.length },
      { type: 'SupportContractRetired', n: ids.length },
    ]);
  });

  it('answers the customer list without a token, and only GET is public', async () => {
    expect((await stack.http('GET', '/support-contracts')).status).toBe(200);
    expect((await stack.http('GET', '/support-contracts', { token: customer })).status).toBe(200);
    expectProblem(await stack.http('GET', '/admin/support-contracts'), 401);
    expectProblem(await stack.http('GET', '/admin/support-contracts', { token: customer }), 403);
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    let active: { id: string; code: string };
    let retiredId: string;
    beforeAll(async () => {
      active = await createContract('ACTIVE');
      retiredId = (await createContract('RETIRED')).id;
      await stack.http('POST', `/admin/support-contracts/${retiredId}/retire`, { token: admin });
    });

    const create = (body: Record<string, unknown>) => ({ code: uniqueCode('BAD'), ...TERMS, ...body });
    const cases: Array<
      [string, number, string, string, () => unknown, ('admin' | 'staff' | 'customer' | 'none')?, string?]
    > = [
      ['a lower-case code', 400, 'POST', '/admin/support-contracts', () => create({ code: 'gold' })],
      ['a one-character code', 400, 'POST', '/admin/support-contracts', () => create({ code: 'G' })],
      ['a code with a space', 400, 'POST', '/admin/support-contracts', () => create({ code: 'GOLD PLUS' })],
      ['a code of 33 characters', 400, 'POST', '/admin/support-contracts', () => create({ code: 'G'.repeat(33) })],
      ['a missing code', 400, 'POST', '/admin/support-contracts', () => ({ ...TERMS })],
      ['an empty name', 400, 'POST', '/admin/support-contracts', () => create({ name: '  ' })],
      ['a name of 101 characters', 400, 'POST', '/admin/support-contracts', () => create({ name: 'n'.repeat(101) })],
      [
        'a description of 2001 characters',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ description: 'd'.repeat(2001) }),
      ],
      [
        'a negative price',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: -1, currency: 'EUR' } }),
      ],
      [
        'a fractional price',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: 99.5, currency: 'EUR' } }),
      ],
      [
        'a price over the maximum',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: MAX_PRICE_MINOR_UNITS + 1, currency: 'EUR' } }),
      ],
      [
        'a price as a string',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: '9900', currency: 'EUR' } }),
      ],
      ['a price as a number', 400, 'POST', '/admin/support-contracts', () => create({ monthlyPrice: 9900 })],
      [
        'an unknown currency',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: 100, currency: 'ABC' } }),
      ],
      [
        'a lower-case currency',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: 100, currency: 'eur' } }),
      ],
      ['zero response hours', 400, 'POST', '/admin/support-contracts', () => create({ responseTimeHours: 0 })],
      ['169 response hours', 400, 'POST', '/admin/support-contracts', () => create({ responseTimeHours: 169 })],
      ['fractional response hours', 400, 'POST', '/admin/support-contracts', () => create({ responseTimeHours: 2.5 })],
      ['an unknown field', 400, 'POST', '/admin/support-contracts', () => create({ discount: 10 })],
      [
        'an unknown field in the price',
        400,
        'POST',
        '/admin/support-contracts',
        () => create({ monthlyPrice: { amount: 100, currency: 'EUR', vat: true } }),
      ],
      ['no body', 400, 'POST', '/admin/support-contracts', () => undefined],
      ['a customer creating', 403, 'POST', '/admin/support-contracts', () => create({}), 'customer'],
      ['support staff creating', 403, 'POST', '/admin/support-contracts', () => create({}), 'staff'],
      ['no token creating', 401, 'POST', '/admin/support-contracts', () => create({}), 'none'],
      [
        'a duplicate code',
        409,
        'POST',
        '/admin/support-contracts',
        () => ({ ...TERMS, code: active.code }),
        'admin',
        'support_contract_exists',
      ],
      ['an empty patch', 400, 'PATCH', '/admin/support-contracts/ACTIVE', () => ({})],
      ['a patch of the code', 400, 'PATCH', '/admin/support-contracts/ACTIVE', () => ({ code: 'OTHER' })],
      [
        'a patch with a bad price',
        400,
        'PATCH',
        '/admin/support-contracts/ACTIVE',
        () => ({ monthlyPrice: { amount: -5, currency: 'EUR' } }),
      ],
      ['a patch with 0 hours', 400, 'PATCH', '/admin/support-contracts/ACTIVE', () => ({ responseTimeHours: 0 })],
      ['a patch by a customer', 403, 'PATCH', '/admin/support-contracts/ACTIVE', () => ({ name: 'X' }), 'customer'],
      ['a patch without a token', 401, 'PATCH', '/admin/support-contracts/ACTIVE', () => ({ name: 'X' }), 'none'],
      [
        'a patch of a retired contract',
        409,
        'PATCH',
        '/admin/support-contracts/RETIRED',
        () => ({ name: 'Revived' }),
        'admin',
        'support_contract_retired',
      ],
      [
        'a patch of an unknown contract',
        404,
        'PATCH',
        '/admin/support-contracts/UNKNOWN',
        () => ({ name: 'X' }),
        'admin',
        'support_contract_not_found',
      ],
      ['a patch of a malformed id', 400, 'PATCH', '/admin/support-contracts/not-a-uuid', () => ({ name: 'X' })],
      [
        'retiring a retired contract',
        409,
        'POST',
        '/admin/support-contracts/RETIRED/retire',
        () => undefined,
        'admin',
        'support_contract_retired',
      ],
      [
        'retiring an unknown contract',
        404,
        'POST',
        '/admin/support-contracts/UNKNOWN/retire',
        () => undefined,
        'admin',
        'support_contract_not_found',
      ],
      ['retiring as a customer', 403, 'POST', '/admin/support-contracts/ACTIVE/retire', () => undefined, 'customer'],
      ['retiring as support staff', 403, 'POST', '/admin/support-contracts/ACTIVE/retire', () => undefined, 'staff'],
      ['retiring a malformed id', 400, 'POST', '/admin/support-contracts/nope/retire', () => undefined],
      ['reading a malformed id', 400, 'GET', '/admin/support-contracts/nope', () => undefined],
      ['retiring without a token', 401, 'POST', '/admin/support-contracts/ACTIVE/retire', () => undefined, 'none'],
      [
        'reading an unknown contract',
        404,
        'GET',
        '/admin/support-contracts/UNKNOWN',
        () => undefined,
        'admin',
        'support_contract_not_found',
      ],
      [
        'a customer reading an unknown contract',
        404,
        'GET',
        '/support-contracts/UNKNOWN',
        () => undefined,
        'none',
        'support_contract_not_found',
      ],
      ['a customer reading a malformed id', 400, 'GET', '/support-contracts/nope', () => undefined, 'none'],
      ['a customer asking for a sync', 403, 'POST', '/admin/support-contracts/sync', () => undefined, 'customer'],
      ['a sync without a token', 401, 'POST', '/admin/support-contracts/sync', () => undefined, 'none'],
    ];

    it.each(cases)('%s answers %i', async (_, status, method, template, body, who = 'admin', code) => {
      const path = template.replace('ACTIVE', active.id).replace('RETIRED', retiredId).replace('UNKNOWN', randomUUID());
      const token = { admin, staff, customer, none: undefined }[who];
      const before = await written();
      const res = await stack.http(method, path, { token, body: body() });
      expectProblem(res, status, code);
      if (status === 400 && res.body.code === 'validation_failed') expect(res.body.errors.length).toBeGreaterThan(0);
      expect(await written()).toEqual(before);
    });
  });

  it('keeps answering customers while the catalog side is locked', async () => {
    const locker = new PgClient({ connectionString: stack.config.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE support_contract_catalog IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const res = await stack.http('GET', '/support-contracts');
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('answers 503 when asked to sync before any worker created the schedule', async () => {
    await stack.temporal.schedule.getHandle(SUPPORT_CONTRACT_SYNC_SCHEDULE_ID).delete();
    const res = await stack.http('POST', '/admin/support-contracts/sync', { token: admin });
    expectProblem(res, 503, 'support_contract_sync_unavailable');
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('documents every support-contract endpoint in OpenAPI', async () => {
    const { body: doc } = await stack.http('GET', '/docs-json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/admin/support-contracts',
        '/admin/support-contracts/{id}',
        '/admin/support-contracts/{id}/retire',
        '/admin/support-contracts/sync',
        '/support-contracts',
        '/support-contracts/{id}',
      ]),
    );
    expect(doc.paths['/admin/support-contracts'].post.requestBody.content['application/json'].schema).toMatchObject({
      required: expect.arrayContaining(['code', 'name', 'monthlyPrice', 'responseTimeHours']),
    });
  });
});
