import { randomUUID } from 'node:crypto';
import { startApiStack, type ApiTestStack } from '../support/api-stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'journey-admin-7' };
const PASSWORD = 'journey-password-1';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * The whole story of issue 3 in one chain over HTTP: a plan, an account from it, members up to the
 * limit, concerts up to the seat budget, and a fan whose anonymous cart merges on login.
 */
describe('from a plan to a fan’s cart, over HTTP', () => {
  let stack: ApiTestStack;
  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
  });
  afterAll(() => stack?.stop());

  const signUp = async (label: string) => {
    const email = `${label}-${randomUUID()}@example.test`;
    const registered = await stack.http('POST', '/auth/register', { body: { email, password: PASSWORD, name: label } });
    expect(registered.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password: PASSWORD } });
    return { id: registered.body.id as string, email, token: login.body.accessToken as string };
  };
  const concert = (name: string, capacities: number[]) => ({
    name,
    artist: 'The Journeymen',
    venue: 'Hall 1',
    city: 'Porto',
    startsAt: inDays(30),
    ticketLevels: capacities.map((capacity, i) => ({
      code: ['GA', 'VIP'][i],
      name: ['General admission', 'VIP'][i],
      price: [4500, 12000][i],
      currency: 'EUR',
      capacity,
    })),
  });

  it('runs the organizer’s and the fan’s journey, refusing what the rules forbid', async () => {
    const admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;

    // The admin creates a plan: 3 members, 100 seats on sale at once.
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: {
        name: `Journey ${randomUUID().slice(0, 8)}`,
        monthlyPrice: 2900,
        currency: 'EUR',
        userLimit: 3,
        totalSeats: 100,
      },
    });
    expect(plan.status).toBe(201);

    // A customer opens an account from it and becomes its owner.
    const owner = await signUp('owner');
    const account = await stack.http('POST', '/accounts', {
      token: owner.token,
      body: { name: 'Journey Live', planId: plan.body.id },
    });
    expect(account.status).toBe(201);
    const accountId = account.body.id as string;

    // The owner adds members up to the limit, and is refused beyond it.
    const staff = await signUp('staff');
    const second = await signUp('second');
    const third = await signUp('third');
    for (const member of [staff, second]) {
      const added = await stack.http('POST', `/accounts/${accountId}/members`, {
        token: owner.token,
        body: { email: member.email, role: 'staff' },
      });
      expect(added.status).toBe(201);
    }
    const beyond = await stack.http('POST', `/accounts/${accountId}/members`, {
      token: owner.token,
      body: { userId: third.id, role: 'staff' },
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.code).toBe('member_limit_reached');
    expect(beyond.body.detail).toMatch(/3/);

    // Staff put concerts on sale up to the 100 seats, and are refused beyond them.
    const rock = await stack.http('POST', `/accounts/${accountId}/concerts`, {
      token: staff.token,
      body: concert('Rock night', [60, 10]),
    });
    expect(rock.status).toBe(201);
    const jazz = await stack.http('POST', `/accounts/${accountId}/concerts`, {
      token: staff.token,
      body: concert('Jazz night', [30]),
    });
    expect(jazz.status).toBe(201);
    const tooMany = await stack.http('POST', `/accounts/${accountId}/concerts`, {
      token: staff.token,
      body: concert('One more', [1]),
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('total_seats_exceeded');
    expect((await stack.http('GET', `/accounts/${accountId}`, { token: owner.token })).body.seatsInUse).toBe(100);

    // The jazz night is cancelled: it stops selling and its seats come back.
    const cancelled = await stack.http('POST', `/concerts/${jazz.body.id}/cancel`, { token: staff.token, body: {} });
    expect(cancelled.status).toBe(200);
    expect((await stack.http('GET', `/accounts/${accountId}`, { token: owner.token })).body.seatsInUse).toBe(70);

    // A fan, still anonymous, fills a cart.
    const rockId = rock.body.id as string;
    const first = await stack.http('POST', '/cart/items', {
      body: { concertId: rockId, ticketLevel: 'GA', quantity: 2 },
    });
    expect(first.status).toBe(201);
    const cartToken = first.headers.get('x-cart-token')!;
    const anonymous = { 'x-cart-token': cartToken };
    expect(
      (
        await stack.http('POST', '/cart/items', {
          headers: anonymous,
          body: { concertId: rockId, ticketLevel: 'VIP', quantity: 1 },
        })
      ).status,
    ).toBe(201);

    // The rules refuse: a cancelled concert, an unknown level, zero, and too many.
    const refusals = await Promise.all([
      stack.http('POST', '/cart/items', {
        headers: anonymous,
        body: { concertId: jazz.body.id, ticketLevel: 'GA', quantity: 1 },
      }),
      stack.http('POST', '/cart/items', {
        headers: anonymous,
        body: { concertId: rockId, ticketLevel: 'BALCONY', quantity: 1 },
      }),
      stack.http('POST', '/cart/items', {
        headers: anonymous,
        body: { concertId: rockId, ticketLevel: 'GA', quantity: 0 },
      }),
      stack.http('POST', '/cart/items', {
        headers: anonymous,
        body: { concertId: rockId, ticketLevel: 'GA', quantity: 11 },
      }),
    ]);
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual([
      [422, 'concert_not_on_sale'],
      [422, 'unknown_ticket_level'],
      [422, 'quantity_out_of_range'],
      [422, 'quantity_out_of_range'],
    ]);

    // The fan signs up, then logs in with the cart token: the anonymous cart merges into theirs.
    const fan = await signUp('fan');
    await stack.http('POST', '/cart/items', {
      token: fan.token,
      body: { concertId: rockId, ticketLevel: 'GA', quantity: 1 },
    });
    const login = await stack.http('POST', '/auth/login', {
      headers: anonymous,
      body: { email: fan.email, password: PASSWORD },
    });
    expect(login.status).toBe(200);

    // The read models show the merged lines and the right totals.
    const view = await stack.http('GET', '/cart', { token: fan.token });
    expect(view.status).toBe(200);
    const lines = (view.body.lines as Array<{ ticketLevel: string; quantity: number; lineTotal: number }>)
      .map((l) => [l.ticketLevel, l.quantity, l.lineTotal])
      .sort();
    expect(lines).toEqual([
      ['GA', 3, 13500],
      ['VIP', 1, 12000],
    ]);
    expect(view.body.summary).toMatchObject({ itemCount: 4, totals: [{ currency: 'EUR', amount: 25500 }] });

    // The public catalog shows the rock night with its availability; the cancelled one is gone from the list.
    const details = await stack.http('GET', `/concerts/${rockId}`);
    expect(details.body.ticketLevels.map((l: { code: string; available: number }) => [l.code, l.available])).toEqual([
      ['GA', 60],
      ['VIP', 10],
    ]);
    const listed = await stack.http('GET', '/concerts?artist=Journeymen&limit=100');
    const ids = listed.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(rockId);
    expect(ids).not.toContain(jazz.body.id);
    expect((await stack.http('GET', `/concerts/${jazz.body.id}`)).body.status).toBe('cancelled');
  });
});
