import { randomBytes, randomUUID } from 'node:crypto';
import { startApiStack, type ApiTestStack } from '../support/api-stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'admin-password-1' };
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

interface User {
  id: string;
  email: string;
  token: string;
}

describe('concerts and the public catalog over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let owner: User;
  let staff: User;
  let outsider: User;
  let otherOwner: User;
  let accountId: string;
  let otherAccountId: string;
  // In every artist name, so lists only see this run's concerts.
  const tag = randomBytes(4).toString('hex');

  const countEvents = async () =>
    Number((await stack.infra.db.$queryRaw<[{ n: bigint }]>`SELECT count(*) n FROM events`)[0].n);

  async function signUp(): Promise<User> {
    const email = `catalog-${randomUUID()}@example.test`;
    const password = 'good-password-1';
    const res = await stack.http('POST', '/auth/register', { body: { email, password, name: 'Catalog user' } });
    expect(res.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password } });
    return { id: res.body.id as string, email, token: login.body.accessToken as string };
  }

  async function createPlan(totalSeats: number): Promise<string> {
    const res = await stack.http('POST', '/plans', {
      token: admin,
      body: { name: `Catalog ${tag} ${totalSeats}`, monthlyPrice: 4900, currency: 'EUR', userLimit: 5, totalSeats },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function openAccount(user: User, planId: string): Promise<string> {
    const res = await stack.http('POST', '/accounts', { token: user.token, body: { name: `Promoter ${tag}`, planId } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const level = (overrides: Record<string, unknown> = {}) => ({
    code: 'GA',
    name: 'General admission',
    price: 4500,
    currency: 'EUR',
    capacity: 100,
    ...overrides,
  });
  const concertBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Winter Tour',
    artist: `The Examples ${tag}`,
    venue: 'Columbiahalle',
    city: 'Berlin',
    startsAt: inDays(30),
    ticketLevels: [level()],
    ...overrides,
  });
  const schedule = (token: string | undefined, body: unknown = concertBody(), account = accountId) =>
    stack.http('POST', `/accounts/${account}/concerts`, { token, body });
  const seatsInUse = async (account = accountId) =>
    (await stack.http('GET', `/accounts/${account}`, { token: admin })).body.seatsInUse as number;

  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    [owner, staff, outsider, otherOwner] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
    const bigPlan = await createPlan(100_000);
    accountId = await openAccount(owner, bigPlan);
    otherAccountId = await openAccount(otherOwner, bigPlan);
    const added = await stack.http('POST', `/accounts/${accountId}/members`, {
      token: owner.token,
      body: { email: staff.email, role: 'staff' },
    });
    expect(added.status).toBe(201);
  });
  afterAll(() => stack?.stop());

  describe('the seat budget', () => {
    it('lets staff put concerts on sale up to totalSeats, refuses beyond it, and frees seats on cancel', async () => {
      const budgetAccount = await openAccount(owner, await createPlan(1000));
      await stack.http('POST', `/accounts/${budgetAccount}/members`, {
        token: owner.token,
        body: { email: staff.email, role: 'staff' },
      });

      const first = await schedule(
        staff.token,
        concertBody({ ticketLevels: [level({ capacity: 600 })] }),
        budgetAccount,
      );
      expect(first.status).toBe(201);
      expect(first.headers.get('location')).toBe(`/concerts/${first.body.id}`);
      const second = await schedule(
        staff.token,
        concertBody({ ticketLevels: [level({ capacity: 300 }), level({ code: 'VIP', capacity: 100 })] }),
        budgetAccount,
      );
      expect(second.status).toBe(201);
      expect(await seatsInUse(budgetAccount)).toBe(1000);

      const before = await countEvents();
      const beyond = await schedule(
        staff.token,
        concertBody({ ticketLevels: [level({ capacity: 1 })] }),
        budgetAccount,
      );
      expect(beyond.status).toBe(422);
      expect(beyond.headers.get('content-type')).toContain('application/problem+json');
      expect(beyond.body).toMatchObject({ code: 'total_seats_exceeded' });
      expect(beyond.body.detail).toMatch(/1000 seats.*totalSeats.*use 1000/);
      // Growing a level past the budget is refused the same way.
      const grow = await stack.http('PUT', `/concerts/${first.body.id}/ticket-levels`, {
        token: staff.token,
        body: { ticketLevels: [level({ capacity: 601 })] },
      });
      expect(grow.status).toBe(422);
      expect(grow.body.code).toBe('total_seats_exceeded');
      expect(await countEvents()).toBe(before);

      const cancelled = await stack.http('POST', `/concerts/${second.body.id}/cancel`, {
        token: staff.token,
        body: { reason: 'Venue flooded' },
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        id: second.body.id,
        status: 'cancelled',
        cancelledAt: expect.any(String),
      });
      expect(await seatsInUse(budgetAccount)).toBe(600);
      const again = await schedule(
        staff.token,
        concertBody({ ticketLevels: [level({ capacity: 400 })] }),
        budgetAccount,
      );
      expect(again.status).toBe(201);
      expect(await seatsInUse(budgetAccount)).toBe(1000);
    });
  });

  describe('the seat budget over time and plan changes', () => {
    it('frees the seats of a concert once it starts, and refuses to cancel or change it then', async () => {
      const budgetAccount = await openAccount(owner, await createPlan(1000));
      const startsAt = new Date(Date.now() + 2000);
      const soon = await schedule(
        owner.token,
        concertBody({ startsAt: startsAt.toISOString(), ticketLevels: [level({ capacity: 1000 })] }),
        budgetAccount,
      );
      expect(soon.status).toBe(201);
      const tooEarly = await schedule(
        owner.token,
        concertBody({ ticketLevels: [level({ capacity: 1 })] }),
        budgetAccount,
      );
      expect(tooEarly.status).toBe(422);
      expect(tooEarly.body.code).toBe('total_seats_exceeded');

      await new Promise((resolve) => setTimeout(resolve, startsAt.getTime() - Date.now() + 200));
      expect(await seatsInUse(budgetAccount)).toBe(0);
      expect((await stack.http('GET', `/concerts/${soon.body.id}`)).body.status).toBe('past');
      // Only fits because the concert that started no longer counts.
      const next = await schedule(
        owner.token,
        concertBody({ ticketLevels: [level({ capacity: 1000 })] }),
        budgetAccount,
      );
      expect(next.status).toBe(201);
      expect(await seatsInUse(budgetAccount)).toBe(1000);

      // It has happened: cancelling (and so refunding) or changing it is refused, and nothing is written.
      const before = await countEvents();
      const cancel = await stack.http('POST', `/concerts/${soon.body.id}/cancel`, { token: owner.token });
      expect(cancel.status).toBe(422);
      expect(cancel.headers.get('content-type')).toContain('application/problem+json');
      expect(cancel.body.code).toBe('concert_already_started');
      const patch = await stack.http('PATCH', `/concerts/${soon.body.id}`, {
        token: owner.token,
        body: { startsAt: inDays(10) },
      });
      expect(patch.status).toBe(422);
      expect(patch.body.code).toBe('concert_already_started');
      expect(await countEvents()).toBe(before);
      expect((await stack.http('GET', `/concerts/${soon.body.id}`)).body.status).toBe('past');
    });

    it('keeps new concerts within a smaller plan already scheduled, naming its limit and period', async () => {
      const budgetAccount = await openAccount(owner, await createPlan(100));
      const smaller = await createPlan(80);
      expect(
        (await schedule(owner.token, concertBody({ ticketLevels: [level({ capacity: 50 })] }), budgetAccount)).status,
      ).toBe(201);
      const change = await stack.http('POST', `/accounts/${budgetAccount}/plan`, {
        token: owner.token,
        body: { planId: smaller },
      });
      expect(change.status).toBe(200);

      const before = await countEvents();
      const beyond = await schedule(
        owner.token,
        concertBody({ ticketLevels: [level({ capacity: 31 })] }),
        budgetAccount,
      );
      expect(beyond.status).toBe(422);
      expect(beyond.body.code).toBe('total_seats_exceeded');
      expect(beyond.body.detail).toContain(
        `The plan change scheduled from ${change.body.effectiveFrom} allows 80 seats`,
      );
      expect(beyond.body.detail).toMatch(/use 50.*at most 30, not 31/);
      expect(await countEvents()).toBe(before);
      expect(
        (await schedule(owner.token, concertBody({ ticketLevels: [level({ capacity: 30 })] }), budgetAccount)).status,
      ).toBe(201);
      expect(await seatsInUse(budgetAccount)).toBe(80);
    });
  });

  describe('changing and cancelling', () => {
    it('changes details, replaces ticket levels and cancels once (cancelling again changes nothing)', async () => {
      const { body: created } = await schedule(staff.token);
      const startsAt = inDays(31);
      const patched = await stack.http('PATCH', `/concerts/${created.id}`, {
        token: staff.token,
        body: { venue: 'Tempodrom', startsAt },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ venue: 'Tempodrom', startsAt, name: 'Winter Tour' });

      const levels = [level({ code: 'VIP', price: 12000, capacity: 20 }), level({ capacity: 80 })];
      const put = await stack.http('PUT', `/concerts/${created.id}/ticket-levels`, {
        token: owner.token,
        body: { ticketLevels: levels },
      });
      expect(put.status).toBe(200);
      expect(put.body.ticketLevels).toEqual(levels.map((l) => ({ ...l, available: l.capacity })));

      const cancel = await stack.http('POST', `/concerts/${created.id}/cancel`, { token: owner.token });
      expect(cancel.status).toBe(200);
      const before = await countEvents();
      // Cancelling again only re-runs the cancellation workflow (nothing left to refund): no new facts.
      const again = await stack.http('POST', `/concerts/${created.id}/cancel`, { token: owner.token });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'cancelled' });
      for (const [method, path, body] of [
        ['PATCH', `/concerts/${created.id}`, { name: 'Again' }],
        ['PUT', `/concerts/${created.id}/ticket-levels`, { ticketLevels: levels }],
      ] as const) {
        const res = await stack.http(method, path, { token: owner.token, body });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('concert_cancelled');
      }
      expect(await countEvents()).toBe(before);

      const details = await stack.http('GET', `/concerts/${created.id}`);
      expect(details.body).toMatchObject({ status: 'cancelled' });
      const list = await stack.http('GET', `/concerts?artist=${tag}&limit=100`);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(created.id);
    });

    it('treats an unchanged patch as a no-op', async () => {
      const { body: created } = await schedule(staff.token);
      const before = await countEvents();
      const res = await stack.http('PATCH', `/concerts/${created.id}`, {
        token: staff.token,
        body: { city: 'Berlin' },
      });
      expect(res.status).toBe(200);
      const levels = await stack.http('PUT', `/concerts/${created.id}/ticket-levels`, {
        token: staff.token,
        body: { ticketLevels: created.ticketLevels.map(({ available: _, ...l }: { available: number }) => l) },
      });
      expect(levels.status).toBe(200);
      expect(await countEvents()).toBe(before);
    });
  });

  describe('the public catalog', () => {
    const listTag = randomBytes(4).toString('hex');
    const ids: Record<string, string> = {};
    const base = Date.now();
    const at = (days: number) => new Date(base + days * DAY).toISOString();

    beforeAll(async () => {
      const plan: Array<[string, Record<string, unknown>]> = [
        ['berlin10', { city: 'Berlin', startsAt: at(10) }],
        ['hamburg20', { city: 'Hamburg', startsAt: at(20), artist: `Night Owls ${listTag}` }],
        ['berlin30', { city: 'berlin', startsAt: at(30) }],
        ['munich40', { city: 'München', startsAt: at(40) }],
        ['cancelled', { city: 'Berlin', startsAt: at(15) }],
      ];
      for (const [key, overrides] of plan) {
        const res = await schedule(staff.token, concertBody({ artist: `The Examples ${listTag}`, ...overrides }));
        expect(res.status).toBe(201);
        ids[key] = res.body.id;
      }
      await stack.http('POST', `/concerts/${ids.cancelled}/cancel`, { token: staff.token });
    });

    const list = async (query: string) => {
      const res = await stack.http('GET', `/concerts?${query}`);
      expect(res.status).toBe(200);
      return {
        names: (res.body.items as Array<{ id: string }>).map((c) => Object.keys(ids).find((k) => ids[k] === c.id)),
        nextCursor: res.body.nextCursor as string | null,
      };
    };

    it('lists on-sale concerts soonest first, without cancelled ones, anonymously', async () => {
      expect((await list(`artist=${listTag}`)).names).toEqual(['berlin10', 'hamburg20', 'berlin30', 'munich40']);
    });

    it('filters by artist, city and dates', async () => {
      expect((await list(`artist=night%20owls%20${listTag.toUpperCase()}`)).names).toEqual(['hamburg20']);
      expect((await list(`artist=${listTag}&city=BERLIN`)).names).toEqual(['berlin10', 'berlin30']);
      expect((await list(`artist=${listTag}&city=m%C3%BCnchen`)).names).toEqual(['munich40']);
      expect((await list(`artist=${listTag}&from=${at(20)}&to=${at(40)}`)).names).toEqual(['hamburg20', 'berlin30']);
    });

    it('pages through with limit and cursor', async () => {
      const first = await list(`artist=${listTag}&limit=3`);
      expect(first.names).toEqual(['berlin10', 'hamburg20', 'berlin30']);
      const second = await list(`artist=${listTag}&limit=3&cursor=${first.nextCursor}`);
      expect(second).toEqual({ names: ['munich40'], nextCursor: null });
    });

    it('shows details with price and availability per level', async () => {
      const res = await stack.http('GET', `/concerts/${ids.berlin10}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: ids.berlin10,
        accountId,
        name: 'Winter Tour',
        artist: `The Examples ${listTag}`,
        venue: 'Columbiahalle',
        city: 'Berlin',
        startsAt: at(10),
        status: 'on_sale',
        cancelledAt: null,
        ticketLevels: [{ ...level(), available: 100 }],
      });
    });

    it.each([
      ['a limit of 0', 'limit=0', 'limit'],
      ['a limit over 100', 'limit=101', 'limit'],
      ['a limit that is not a number', 'limit=many', 'limit'],
      ['an unknown parameter', 'sort=price', ''],
      ['a malformed date', 'from=yesterday', 'from'],
      ['a from in year 0000', 'from=0000-01-01T00:00:00Z', 'from'],
      ['a to in year 0000', 'to=0000-01-01T00:00:00Z', 'to'],
      ['a from before 1970', 'from=1969-12-31T23:59:59.999Z', 'from'],
      ['a to past year 9999 in UTC', `to=${encodeURIComponent('9999-12-31T23:00:00-12:00')}`, 'to'],
      ['a range that ends before it starts', `from=${inDays(5)}&to=${inDays(4)}`, 'to'],
      ['a repeated parameter', 'city=a&city=b', 'city'],
      ['an oversize filter', `artist=${'x'.repeat(201)}`, 'artist'],
    ])('answers 400 for %s', async (_, query, field) => {
      const res = await stack.http('GET', `/concerts?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    });

    it.each([
      ['that is not one', 'x|y'],
      ['from year 0000', `0000-01-01T00:00:00.000Z|${randomUUID()}`],
      ['from a negative year', `-000001-01-01T00:00:00.000Z|${randomUUID()}`],
      ['from before 1970', `1969-12-31T23:59:59.999Z|${randomUUID()}`],
      ['from year 10000', `+010000-01-01T00:00:00.000Z|${randomUUID()}`],
    ])('answers 400 for a cursor %s', async (_, text) => {
      const res = await stack.http('GET', `/concerts?cursor=${Buffer.from(text).toString('base64url')}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('invalid_cursor');
    });

    it('answers 404 for an unknown concert and 400 for a malformed id', async () => {
      const unknown = await stack.http('GET', `/concerts/${randomUUID()}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('concert_not_found');
      const malformed = await stack.http('GET', '/concerts/not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].path).toBe('id');
    });
  });

  describe('authorization of every mutating endpoint', () => {
    let concertId: string;
    beforeAll(async () => {
      concertId = (await schedule(staff.token)).body.id;
    });

    const who = () => ({ outsider: outsider.token, 'a member of another account': otherOwner.token });
    const concertEndpoints: Array<[string, string, (id: string) => string, unknown]> = [
      ['PATCH /concerts/:id', 'PATCH', (id) => `/concerts/${id}`, { name: 'Renamed' }],
      [
        'PUT /concerts/:id/ticket-levels',
        'PUT',
        (id) => `/concerts/${id}/ticket-levels`,
        { ticketLevels: [level({ capacity: 90 })] },
      ],
      ['POST /concerts/:id/cancel', 'POST', (id) => `/concerts/${id}/cancel`, {}],
    ];

    it.each(concertEndpoints)(
      '%s: 401 without a token, 403 for non-members, then admin may',
      async (_, method, path, body) => {
        const before = await countEvents();
        expect((await stack.http(method, path(concertId), { body })).status).toBe(401);
        for (const [label, token] of Object.entries(who())) {
          const res = await stack.http(method, path(concertId), { token, body });
          expect({ label, status: res.status, code: res.body.code }).toEqual({
            label,
            status: 403,
            code: 'not_concert_organizer',
          });
        }
        expect(await countEvents()).toBe(before);
        const allowed = await stack.http(method, path(concertId), { token: admin, body });
        expect(allowed.status).toBe(200);
      },
    );

    it('POST /accounts/:id/concerts: 401 without a token, non-members see no account (404), members and admin may', async () => {
      const before = await countEvents();
      expect((await schedule(undefined)).status).toBe(401);
      for (const [label, token] of Object.entries(who())) {
        const res = await schedule(token);
        // The accounts context hides accounts from non-members: 404, as for an unknown id.
        expect({ label, status: res.status, code: res.body.code }).toEqual({
          label,
          status: 404,
          code: 'account_not_found',
        });
      }
      expect(await countEvents()).toBe(before);
      for (const token of [owner.token, staff.token, admin]) expect((await schedule(token)).status).toBe(201);
      // A member of the other account manages that account's concerts only.
      expect((await schedule(otherOwner.token, concertBody(), otherAccountId)).status).toBe(201);
    });
  });

  describe('bad input writes nothing and names the field', () => {
    const long = (n: number) => 'x'.repeat(n);
    const cases: Array<[string, number, unknown, string]> = [
      ['a wrong type', 400, concertBody({ ticketLevels: [level({ price: '45' })] }), 'ticketLevels.0.price'],
      ['a missing field', 400, { ...concertBody(), venue: undefined }, 'venue'],
      ['an unknown field', 400, concertBody({ featured: true }), 'featured'],
      ['an unknown level field', 400, concertBody({ ticketLevels: [level({ seats: 4 })] }), 'seats'],
      ['an oversize name', 400, concertBody({ name: long(201) }), 'name'],
      ['an empty artist', 400, concertBody({ artist: '  ' }), 'artist'],
      [
        'too many levels',
        400,
        concertBody({ ticketLevels: [...Array(51).keys()].map((i) => level({ code: `L${i}` })) }),
        'ticketLevels',
      ],
      ['a bad level code', 400, concertBody({ ticketLevels: [level({ code: 'G A' })] }), 'ticketLevels.0.code'],
      ['a date without time zone', 400, concertBody({ startsAt: '2027-03-14T19:30:00' }), 'startsAt'],
      ['a date that is not one', 400, concertBody({ startsAt: 'next friday' }), 'startsAt'],
      ['a start past year 9999 in UTC', 400, concertBody({ startsAt: '9999-12-31T23:00:00-12:00' }), 'startsAt'],
      ['a start in year 0000', 400, concertBody({ startsAt: '0000-01-01T00:00:00Z' }), 'startsAt'],
      ['a start before 1970', 400, concertBody({ startsAt: '1969-12-31T23:59:59Z' }), 'startsAt'],
      ['a start more than 5 years ahead', 422, concertBody({ startsAt: inDays(5 * 366) }), 'startsAt'],
      ['a start in year 9999', 422, concertBody({ startsAt: '9999-12-31T23:59:59.999Z' }), 'startsAt'],
      [
        'a price over 10^10 minor units',
        422,
        concertBody({ ticketLevels: [level({ price: 10_000_000_001 })] }),
        'ticketLevels.0.price',
      ],
      ['a negative price', 422, concertBody({ ticketLevels: [level({ price: -1 })] }), 'ticketLevels.0.price'],
      [
        'a price in fractions of a cent',
        422,
        concertBody({ ticketLevels: [level({ price: 45.5 })] }),
        'ticketLevels.0.price',
      ],
      [
        'an unknown currency',
        422,
        concertBody({ ticketLevels: [level({ currency: 'ABC' })] }),
        'ticketLevels.0.currency',
      ],
      [
        'a negative capacity',
        422,
        concertBody({ ticketLevels: [level({ capacity: -10 })] }),
        'ticketLevels.0.capacity',
      ],
      [
        'a fractional capacity',
        422,
        concertBody({ ticketLevels: [level({ capacity: 2.5 })] }),
        'ticketLevels.0.capacity',
      ],
      ['no ticket levels', 422, concertBody({ ticketLevels: [] }), 'ticketLevels'],
      [
        'duplicate level codes',
        422,
        concertBody({ ticketLevels: [level(), level({ code: 'ga' })] }),
        'ticketLevels.1.code',
      ],
      ['a start in the past', 422, concertBody({ startsAt: inDays(-1) }), 'startsAt'],
    ];

    it.each(cases)('POST /accounts/:id/concerts with %s answers %i', async (_, status, body, field) => {
      const before = await countEvents();
      const res = await schedule(staff.token, body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const named = status === 400 ? JSON.stringify(res.body.errors) : res.body.detail;
      expect(named).toContain(field);
      expect(await countEvents()).toBe(before);
    });

    it('names the broken rule in the 422 code', async () => {
      const codes = await Promise.all(
        [
          [level({ price: -1 })],
          [level({ price: 1.5 })],
          [level({ currency: 'eur' })],
          [level({ capacity: -1 })],
          [],
          [level(), level()],
        ].map(async (ticketLevels) => (await schedule(staff.token, concertBody({ ticketLevels }))).body.code),
      );
      expect(codes).toEqual([
        'negative_price',
        'price_not_minor_units',
        'invalid_currency',
        'negative_capacity',
        'ticket_levels_required',
        'duplicate_ticket_level_code',
      ]);
      expect((await schedule(staff.token, concertBody({ startsAt: inDays(-1) }))).body.code).toBe('starts_at_in_past');
      expect((await schedule(staff.token, concertBody({ startsAt: inDays(5 * 366) }))).body.code).toBe(
        'starts_at_too_far',
      );
      expect(
        (await schedule(staff.token, concertBody({ ticketLevels: [level({ price: 10_000_000_001 })] }))).body.code,
      ).toBe('price_too_large');
    });

    it.each<[string, number, string, string, unknown]>([
      ['a missing body', 400, `/accounts/ACCOUNT/concerts`, 'POST', undefined],
      ['malformed JSON', 400, `/accounts/ACCOUNT/concerts`, 'POST', '{"name": '],
      ['a malformed account id', 400, `/accounts/nope/concerts`, 'POST', concertBody()],
      ['an unknown account', 404, `/accounts/${randomUUID()}/concerts`, 'POST', concertBody()],
      ['a malformed concert id', 400, `/concerts/nope`, 'PATCH', { name: 'X' }],
      ['an unknown concert', 404, `/concerts/${randomUUID()}`, 'PATCH', { name: 'X' }],
      ['an empty patch', 400, `/concerts/CONCERT`, 'PATCH', {}],
      ['a patch with a null', 400, `/concerts/CONCERT`, 'PATCH', { name: null }],
      ['a patch with an unknown field', 400, `/concerts/CONCERT`, 'PATCH', { capacity: 5 }],
      ['a patch moving the start into the past', 422, `/concerts/CONCERT`, 'PATCH', { startsAt: inDays(-2) }],
      [
        'a patch moving the start more than 5 years ahead',
        422,
        `/concerts/CONCERT`,
        'PATCH',
        { startsAt: inDays(5 * 366) },
      ],
      [
        'a patch moving the start past year 9999 in UTC',
        400,
        `/concerts/CONCERT`,
        'PATCH',
        { startsAt: '9999-12-31T23:00:00-12:00' },
      ],
      [
        'a patch moving the start to year 0000',
        400,
        `/concerts/CONCERT`,
        'PATCH',
        { startsAt: '0000-01-01T00:00:00Z' },
      ],
      [
        'levels with a price over 10^10 minor units',
        422,
        `/concerts/CONCERT/ticket-levels`,
        'PUT',
        { ticketLevels: [level({ price: 10_000_000_001 })] },
      ],
      [
        'levels of an unknown concert',
        404,
        `/concerts/${randomUUID()}/ticket-levels`,
        'PUT',
        { ticketLevels: [level()] },
      ],
      ['levels with a wrong type', 400, `/concerts/CONCERT/ticket-levels`, 'PUT', { ticketLevels: level() }],
      [
        'levels with a negative price',
        422,
        `/concerts/CONCERT/ticket-levels`,
        'PUT',
        { ticketLevels: [level({ price: -5 })] },
      ],
      ['an empty level list', 422, `/concerts/CONCERT/ticket-levels`, 'PUT', { ticketLevels: [] }],
      ['cancelling an unknown concert', 404, `/concerts/${randomUUID()}/cancel`, 'POST', {}],
      ['cancelling with an oversize reason', 400, `/concerts/CONCERT/cancel`, 'POST', { reason: long(501) }],
      ['cancelling with an unknown field', 400, `/concerts/CONCERT/cancel`, 'POST', { refund: true }],
    ])('%s answers %i and writes nothing', async (_, status, template, method, body) => {
      const concertId = (await schedule(admin)).body.id as string;
      const path = template.replace('ACCOUNT', accountId).replace('CONCERT', concertId);
      const before = await countEvents();
      const res = await stack.http(method, path, { token: admin, body });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await countEvents()).toBe(before);
    });
  });

  it('documents every catalog endpoint in OpenAPI, with examples', async () => {
    const { body: doc } = await stack.http('GET', '/docs-json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/accounts/{id}/concerts',
        '/concerts',
        '/concerts/{id}',
        '/concerts/{id}/ticket-levels',
        '/concerts/{id}/cancel',
      ]),
    );
    const create = doc.paths['/accounts/{id}/concerts'].post;
    expect(create.summary).toEqual(expect.any(String));
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      required: ['name', 'artist', 'venue', 'city', 'startsAt', 'ticketLevels'],
      example: expect.objectContaining({ ticketLevels: expect.any(Array) }),
    });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '404', '422']));
    expect(doc.paths['/concerts'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'artist', 'city', 'from', 'to']),
    );
    const bodyOf = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content['application/json'].schema;
    expect(Object.keys(bodyOf('/concerts/{id}', 'patch').properties)).toEqual([
      'name',
      'artist',
      'venue',
      'city',
      'startsAt',
    ]);
    expect(bodyOf('/concerts/{id}/cancel', 'post')).toMatchObject({ properties: { reason: expect.any(Object) } });
    expect(bodyOf('/concerts/{id}/ticket-levels', 'put').example.ticketLevels).toEqual(expect.any(Array));
    expect(doc.paths['/concerts/{id}'].get.responses['200'].content['application/json'].example).toMatchObject({
      ticketLevels: expect.any(Array),
    });
  });
});
