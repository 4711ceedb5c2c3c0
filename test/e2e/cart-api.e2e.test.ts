import { randomUUID } from 'node:crypto';
import { startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'admin-password-1' };
const PASSWORD = 'good-password-1';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX = 10;

interface User {
  id: string;
  email: string;
  token: string;
}
interface Level {
  code: string;
  name: string;
  price: number;
  currency: string;
  capacity: number;
}

describe('cart API over HTTP', () => {
  let stack: ApiTestStack;
  let organizer: User;
  let accountId: string;
  /** On sale: GA 45.00 EUR (plenty), VIP 120.00 EUR (3 seats). */
  let rock: string;
  /** On sale in USD. */
  let jazz: string;
  /** Cancelled after it went on sale. */
  let cancelled: string;

  const countEvents = async () =>
    Number((await stack.infra.db.$queryRaw<[{ n: bigint }]>`SELECT count(*) n FROM events`)[0].n);
  const signUp = async (): Promise<User> => {
    const email = `fan-${randomUUID()}@example.test`;
    const res = await stack.http('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'Fan' } });
    expect(res.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password: PASSWORD } });
    return { id: res.body.id, email, token: login.body.accessToken };
  };
  const createConcert = async (name: string, ticketLevels: Level[]): Promise<string> => {
    const res = await stack.http('POST', `/accounts/${accountId}/concerts`, {
      token: organizer.token,
      body: {
        name,
        artist: 'The Testers',
        venue: 'Hall',
        city: 'Lisbon',
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        ticketLevels,
      },
    });
    expect(res.status).toBe(201);
    return (res.body.id ?? res.body.concertId) as string;
  };
  const cart = (method: string, path: string, options: { body?: unknown; token?: string; cartToken?: string } = {}) =>
    stack.http(method, path, {
      body: options.body,
      token: options.token,
      headers: options.cartToken ? { 'x-cart-token': options.cartToken } : {},
    });
  const expectProblem = (res: HttpResult, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (code) expect(res.body.code).toBe(code);
  };
  /** An anonymous cart holding `quantity` GA tickets of the rock concert; returns its token. */
  const anonymousCart = async (quantity = 1, ticketLevel = 'GA', concertId = rock): Promise<string> => {
    const res = await cart('POST', '/cart/items', { body: { concertId, ticketLevel, quantity } });
    expect(res.status).toBe(201);
    return res.headers.get('x-cart-token')!;
  };
  const quantities = (res: HttpResult) =>
    (res.body.lines as Array<{ concertId: string; ticketLevel: string; quantity: number }>).map((l) => [
      l.concertId,
      l.ticketLevel,
      l.quantity,
    ]);

  beforeAll(async () => {
    stack = await startApiStack({
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      CART_MAX_QUANTITY_PER_LINE: String(MAX),
    });
    const admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken;
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: { name: 'Stage', monthlyPrice: 4900, currency: 'EUR', userLimit: 5, totalSeats: 100_000 },
    });
    expect(plan.status).toBe(201);
    organizer = await signUp();
    const account = await stack.http('POST', '/accounts', {
      token: organizer.token,
      body: { name: 'Cart Promotions', planId: plan.body.id },
    });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    rock = await createConcert('Rock Night', [
      { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 500 },
      { code: 'VIP', name: 'VIP lounge', price: 12000, currency: 'EUR', capacity: 3 },
    ]);
    jazz = await createConcert('Jazz Brunch', [
      { code: 'SEAT', name: 'Seat', price: 2550, currency: 'USD', capacity: 100 },
    ]);
    cancelled = await createConcert('Called Off', [
      { code: 'GA', name: 'General admission', price: 1000, currency: 'EUR', capacity: 100 },
    ]);
    expect(
      (await stack.http('POST', `/concerts/${cancelled}/cancel`, { token: organizer.token, body: {} })).status,
    ).toBe(200);
  });
  afterAll(() => stack?.stop());

  it('takes a fan from an anonymous cart to a signed-in one that merges on login', async () => {
    // Nobody yet: an empty cart, and no token handed out for just looking.
    const empty = await cart('GET', '/cart');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('x-cart-token')).toBeNull();
    expect(empty.body).toEqual({ status: 'open', lines: [], summary: { lineCount: 0, itemCount: 0, totals: [] } });

    // The first add opens an anonymous cart and answers with its token.
    const first = await cart('POST', '/cart/items', { body: { concertId: rock, ticketLevel: 'GA', quantity: 2 } });
    expect(first.status).toBe(201);
    const token = first.headers.get('x-cart-token')!;
    expect(token).toMatch(TOKEN_PATTERN);
    expect(first.body.lines).toEqual([
      {
        concertId: rock,
        ticketLevel: 'GA',
        concertName: 'Rock Night',
        levelName: 'General admission',
        unitPrice: 4500,
        currency: 'EUR',
        quantity: 2,
        lineTotal: 9000,
        status: 'ok',
      },
    ]);

    // Same concert and level: one line grows (200, no new token).
    const more = await cart('POST', '/cart/items', {
      cartToken: token,
      body: { concertId: rock, ticketLevel: 'GA', quantity: 1 },
    });
    expect(more.status).toBe(200);
    expect(more.headers.get('x-cart-token')).toBeNull();
    expect(quantities(more)).toEqual([[rock, 'GA', 3]]);

    await cart('POST', '/cart/items', { cartToken: token, body: { concertId: rock, ticketLevel: 'VIP', quantity: 1 } });
    const usd = await cart('POST', '/cart/items', {
      cartToken: token,
      body: { concertId: jazz, ticketLevel: 'SEAT', quantity: 2 },
    });
    expect(usd.status).toBe(201);
    expect(usd.body.summary).toEqual({
      lineCount: 3,
      itemCount: 6,
      totals: [
        { currency: 'EUR', amount: 3 * 4500 + 12000 },
        { currency: 'USD', amount: 2 * 2550 },
      ],
    });

    // Refusals, each with its own status and code, and nothing written.
    const before = await countEvents();
    const refusals: Array<[unknown, number, string]> = [
      [{ concertId: cancelled, ticketLevel: 'GA', quantity: 1 }, 422, 'concert_not_on_sale'],
      [{ concertId: rock, ticketLevel: 'BALCONY', quantity: 1 }, 422, 'unknown_ticket_level'],
      [{ concertId: randomUUID(), ticketLevel: 'GA', quantity: 1 }, 404, 'concert_not_found'],
      [{ concertId: rock, ticketLevel: 'GA', quantity: 0 }, 422, 'quantity_out_of_range'],
      [{ concertId: rock, ticketLevel: 'GA', quantity: MAX + 1 }, 422, 'quantity_out_of_range'],
      [{ concertId: rock, ticketLevel: 'GA', quantity: MAX - 2 }, 422, 'quantity_out_of_range'],
      [{ concertId: rock, ticketLevel: 'VIP', quantity: 3 }, 409, 'not_enough_tickets'],
    ];
    for (const [body, status, code] of refusals) {
      expectProblem(await cart('POST', '/cart/items', { cartToken: token, body }), status, code);
    }
    const tooMany = await cart('POST', '/cart/items', {
      cartToken: token,
      body: { concertId: rock, ticketLevel: 'VIP', quantity: 3 },
    });
    expect(tooMany.body.detail).toMatch(/Only 3 tickets are available/);
    expect(await countEvents()).toBe(before);

    // The fan signs up; they already had a cart of their own on another device.
    const fan = await signUp();
    await cart('POST', '/cart/items', { token: fan.token, body: { concertId: rock, ticketLevel: 'GA', quantity: 8 } });
    const login = await stack.http('POST', '/auth/login', {
      body: { email: fan.email, password: PASSWORD },
      headers: { 'x-cart-token': token },
    });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);

    const mine = await cart('GET', '/cart', { token: login.body.accessToken });
    expect(mine.status).toBe(200);
    // GA: 8 + 3 capped at 10; VIP and USD seats taken whole.
    expect(quantities(mine)).toEqual([
      [rock, 'GA', MAX],
      [rock, 'VIP', 1],
      [jazz, 'SEAT', 2],
    ]);
    expect(mine.body.summary).toEqual({
      lineCount: 3,
      itemCount: MAX + 3,
      totals: [
        { currency: 'EUR', amount: MAX * 4500 + 12000 },
        { currency: 'USD', amount: 5100 },
      ],
    });

    // The anonymous cart is closed: it shows as merged and takes no more tickets.
    const closed = await cart('GET', '/cart', { cartToken: token });
    expect(closed.body).toMatchObject({ status: 'merged', lines: [] });
    expectProblem(
      await cart('POST', '/cart/items', {
        cartToken: token,
        body: { concertId: rock, ticketLevel: 'GA', quantity: 1 },
      }),
      409,
      'cart_closed',
    );
    // A Bearer token wins over a cart token.
    expect(quantities(await cart('GET', '/cart', { token: fan.token, cartToken: token }))).toEqual(quantities(mine));

    // The read models hold what the view says.
    const rows = await stack.infra.db.cartLine.findMany({ where: { concertId: { in: [rock, jazz] } } });
    expect(rows.filter((r) => r.quantity === MAX && r.ticketLevel === 'GA')).toHaveLength(1);

    // The token is a secret: never in events or logs.
    const [{ n }] = await stack.infra.db.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int n FROM events WHERE data::text LIKE ${`%${token}%`} OR metadata::text LIKE ${`%${token}%`}`;
    expect(n).toBe(0);
    expect(stack.logs.join('\n')).not.toContain(token);
  });

  it('changes, removes and clears lines, with 404 for a line that is not there', async () => {
    const fan = await signUp();
    const add = (body: unknown) => cart('POST', '/cart/items', { token: fan.token, body });
    await add({ concertId: rock, ticketLevel: 'GA', quantity: 1 });
    await add({ concertId: jazz, ticketLevel: 'SEAT', quantity: 1 });

    const changed = await cart('PATCH', `/cart/items/${rock}/GA`, { token: fan.token, body: { quantity: 4 } });
    expect(changed.status).toBe(200);
    expect(quantities(changed)).toEqual([
      [rock, 'GA', 4],
      [jazz, 'SEAT', 1],
    ]);
    // Path ids are matched whatever their case.
    const upper = await cart('PATCH', `/cart/items/${rock.toUpperCase()}/GA`, {
      token: fan.token,
      body: { quantity: 5 },
    });
    expect(quantities(upper)[0]).toEqual([rock, 'GA', 5]);

    expectProblem(await cart('PATCH', `/cart/items/${rock}/GA`, { token: fan.token, body: { quantity: 0 } }), 422);
    expectProblem(
      await cart('PATCH', `/cart/items/${rock}/VIP`, { token: fan.token, body: { quantity: 4 } }),
      404,
      'cart_line_not_found',
    );
    expectProblem(
      await cart('PATCH', `/cart/items/${rock}/VIP`, { token: fan.token, body: { quantity: 1 } }),
      404,
      'cart_line_not_found',
    );

    const removed = await cart('DELETE', `/cart/items/${jazz}/SEAT`, { token: fan.token });
    expect(removed.status).toBe(200);
    expect(quantities(removed)).toEqual([[rock, 'GA', 5]]);
    expectProblem(await cart('DELETE', `/cart/items/${jazz}/SEAT`, { token: fan.token }), 404, 'cart_line_not_found');

    const cleared = await cart('DELETE', '/cart', { token: fan.token });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ status: 'open', lines: [], summary: { lineCount: 0, itemCount: 0, totals: [] } });
  });

  it('merges explicitly with POST /cart/merge, once, reporting what was capped or dropped', async () => {
    const fan = await signUp();
    const token = await anonymousCart(3, 'VIP');
    await cart('POST', '/cart/items', { cartToken: token, body: { concertId: rock, ticketLevel: 'GA', quantity: 1 } });
    await cart('POST', '/cart/items', { token: fan.token, body: { concertId: rock, ticketLevel: 'VIP', quantity: 1 } });
    // VIP has 3 seats and the fan holds 1 already: 2 of the 3 anonymous ones fit.
    const merged = await cart('POST', '/cart/merge', { token: fan.token, cartToken: token });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toEqual([
      {
        concertId: rock,
        ticketLevel: 'VIP',
        requested: 3,
        added: 2,
        lineQuantity: 3,
        outcome: 'capped',
        reason: 'not_enough_tickets',
      },
      { concertId: rock, ticketLevel: 'GA', requested: 1, added: 1, lineQuantity: 1, outcome: 'taken' },
    ]);
    expect(quantities(merged)).toEqual([
      [rock, 'VIP', 3],
      [rock, 'GA', 1],
    ]);

    // Again: nothing changes, and the answer is the same.
    const before = await countEvents();
    const again = await cart('POST', '/cart/merge', { token: fan.token, cartToken: token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(merged.body);
    expect(await countEvents()).toBe(before);

    expectProblem(await cart('POST', '/cart/merge', { token: fan.token }), 400, 'validation_failed');
    expectProblem(await cart('POST', '/cart/merge', { cartToken: token }), 401);
    const unknown = 'A'.repeat(43);
    expectProblem(await cart('POST', '/cart/merge', { token: fan.token, cartToken: unknown }), 404, 'cart_not_found');
  });

  it('lets a login with a stale cart token succeed without merging anything', async () => {
    const fan = await signUp();
    const before = await countEvents();
    const login = await stack.http('POST', '/auth/login', {
      body: { email: fan.email, password: PASSWORD },
      headers: { 'x-cart-token': 'B'.repeat(43) },
    });
    expect(login.status).toBe(200);
    expect(await countEvents()).toBe(before);
    expectProblem(await cart('GET', '/cart', { cartToken: 'B'.repeat(43) }), 404, 'cart_not_found');
    expectProblem(
      await cart('POST', '/cart/items', {
        cartToken: 'B'.repeat(43),
        body: { concertId: rock, ticketLevel: 'GA', quantity: 1 },
      }),
      404,
      'cart_not_found',
    );
  });

  describe('bad input', () => {
    let token: string;
    beforeAll(async () => {
      token = await anonymousCart(1);
    });

    it.each([
      ['a missing body', undefined, ''],
      ['malformed JSON', '{"concertId": ', ''],
      ['a missing field', { concertId: randomUUID(), ticketLevel: 'GA' }, 'quantity'],
      ['an unknown field', { concertId: randomUUID(), ticketLevel: 'GA', quantity: 1, price: 1 }, ''],
      ['a quantity as a string', { concertId: randomUUID(), ticketLevel: 'GA', quantity: '2' }, 'quantity'],
      ['a fractional quantity', { concertId: randomUUID(), ticketLevel: 'GA', quantity: 1.5 }, 'quantity'],
      ['a huge quantity', { concertId: randomUUID(), ticketLevel: 'GA', quantity: 1e30 }, 'quantity'],
      ['a malformed concert id', { concertId: 'concert-1', ticketLevel: 'GA', quantity: 1 }, 'concertId'],
      ['a concert id of the wrong type', { concertId: 42, ticketLevel: 'GA', quantity: 1 }, 'concertId'],
      [
        'an oversize level code',
        { concertId: randomUUID(), ticketLevel: 'X'.repeat(5000), quantity: 1 },
        'ticketLevel',
      ],
      ['a level code with spaces', { concertId: randomUUID(), ticketLevel: 'G A', quantity: 1 }, 'ticketLevel'],
      ['an array body', [{ concertId: randomUUID(), ticketLevel: 'GA', quantity: 1 }], ''],
    ])('answers 400 naming the field for %s, and writes nothing', async (_, body, field) => {
      const before = await countEvents();
      const res = await cart('POST', '/cart/items', { cartToken: token, body });
      expectProblem(res, 400);
      if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
      expect(res.body.detail).toEqual(expect.any(String));
      expect(await countEvents()).toBe(before);
    });

    it.each([
      ['PATCH', '/cart/items/not-a-uuid/GA', { quantity: 1 }, 'concertId'],
      ['PATCH', `/cart/items/${randomUUID()}/${'X'.repeat(33)}`, { quantity: 1 }, 'ticketLevel'],
      ['PATCH', `/cart/items/${randomUUID()}/GA`, { quantity: 'many' }, 'quantity'],
      ['PATCH', `/cart/items/${randomUUID()}/GA`, { quantity: 1, note: 'x' }, ''],
      ['DELETE', '/cart/items/123/GA', undefined, 'concertId'],
    ])('answers 400 for %s %s', async (method, path, body, field) => {
      const before = await countEvents();
      const res = await cart(method, path, { cartToken: token, body });
      expectProblem(res, 400);
      if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
      expect(await countEvents()).toBe(before);
    });

    it.each([
      ['too short', 'Qz7k'],
      ['with characters outside base64url', `${'A'.repeat(42)}=`],
      ['too long', 'A'.repeat(44)],
    ])('answers 400 for an X-Cart-Token %s, on every cart endpoint and on login', async (_, bad) => {
      const before = await countEvents();
      const body = { concertId: rock, ticketLevel: 'GA', quantity: 1 };
      for (const [method, path, payload] of [
        ['GET', '/cart', undefined],
        ['POST', '/cart/items', body],
        ['PATCH', `/cart/items/${rock}/GA`, { quantity: 1 }],
        ['DELETE', `/cart/items/${rock}/GA`, undefined],
        ['DELETE', '/cart', undefined],
      ] as const) {
        const res = await cart(method, path, { cartToken: bad, body: payload });
        expectProblem(res, 400, 'validation_failed');
        expect(res.body.errors).toEqual([expect.objectContaining({ path: 'X-Cart-Token' })]);
        expect(JSON.stringify(res.body)).not.toContain(bad);
      }
      const fan = await signUp();
      const afterSignUp = await countEvents();
      const login = await stack.http('POST', '/auth/login', {
        body: { email: fan.email, password: PASSWORD },
        headers: { 'x-cart-token': bad },
      });
      expectProblem(login, 400, 'validation_failed');
      expect(await countEvents()).toBe(afterSignUp);
      expect(afterSignUp).toBeGreaterThan(before);
    });

    it('answers 401 for a Bearer token that is not valid, even with a good cart token', async () => {
      expectProblem(await cart('GET', '/cart', { token: 'not.a.jwt', cartToken: token }), 401);
      expectProblem(
        await cart('POST', '/cart/items', {
          token: 'not.a.jwt',
          body: { concertId: rock, ticketLevel: 'GA', quantity: 1 },
        }),
        401,
      );
      const before = await countEvents();
      for (const [method, path, body] of [
        ['PATCH', `/cart/items/${rock}/GA`, { quantity: 2 }],
        ['DELETE', `/cart/items/${rock}/GA`, undefined],
        ['DELETE', '/cart', undefined],
        ['POST', '/cart/merge', undefined],
      ] as const) {
        expectProblem(await cart(method, path, { token: 'not.a.jwt', cartToken: token, body }), 401);
      }
      expect(await countEvents()).toBe(before);
    });
  });

  it('documents every cart endpoint in OpenAPI, with the X-Cart-Token header and examples', async () => {
    const docs = await stack.http('GET', '/docs-json');
    const paths = docs.body.paths as Record<string, Record<string, { summary?: string; parameters?: unknown[] }>>;
    const operations = [
      ['/cart', 'get'],
      ['/cart', 'delete'],
      ['/cart/items', 'post'],
      ['/cart/items/{concertId}/{ticketLevel}', 'patch'],
      ['/cart/items/{concertId}/{ticketLevel}', 'delete'],
      ['/cart/merge', 'post'],
    ];
    for (const [path, method] of operations) {
      const op = paths[path]?.[method];
      expect(op?.summary).toEqual(expect.any(String));
      expect(op?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Cart-Token' })]));
    }
    expect(JSON.stringify(paths['/cart/items'].post)).toContain('"example"');
    expect(paths['/auth/login'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'X-Cart-Token' })]),
    );
  });
});
