import { randomUUID } from 'node:crypto';
import { createTicketActivities } from '../../src/activities/tickets/tickets.activities';
import { signUpOverHttp, startApiStack, type ApiTestStack } from '../support/api-stack';
import { placeTestOrder } from '../support/ticket-orders';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'tickets-admin-7' };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

interface User {
  id: string;
  email: string;
  token: string;
}

describe('tickets over HTTP: the holder’s tickets and validation at the door', () => {
  let stack: ApiTestStack;
  let activities: ReturnType<typeof createTicketActivities>;
  let owner: User;
  let staff: User;
  let otherOrganizer: User;
  let fan: User;
  let otherFan: User;
  let accountId: string;
  let concertId: string;
  let sameAccountConcertId: string;
  let foreignConcertId: string;

  const signUp = (label: string): Promise<User> => signUpOverHttp(stack, label);
  const openAccount = async (user: User, planId: string) => {
    const res = await stack.http('POST', '/accounts', { token: user.token, body: { name: 'Door Promotions', planId } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const scheduleConcert = async (user: User, account: string) => {
    const res = await stack.http('POST', `/accounts/${account}/concerts`, {
      token: user.token,
      body: {
        name: 'Winter Tour',
        artist: 'The Examples',
        venue: 'Columbiahalle',
        city: 'Berlin',
        startsAt: inDays(30),
        ticketLevels: [
          { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 100 },
          { code: 'VIP', name: 'VIP balcony', price: 12000, currency: 'EUR', capacity: 10 },
        ],
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Tickets without a checkout: an order placed on its stream, then the fulfilment activities. */
  const buyTickets = async (
    customer: User,
    lines?: Array<{ ticketLevel?: string; levelName?: string; quantity?: number }>,
  ) => {
    const placed = await placeTestOrder(stack.infra.eventStore, {
      customerId: customer.id,
      concertId,
      accountId,
      lines,
    });
    const { ticketIds } = await activities.issueTickets({ orderId: placed.orderId });
    for (const ticketId of ticketIds) await activities.deliverTicket({ ticketId });
    return { orderId: placed.orderId, ticketIds };
  };
  const codeOf = async (ticketId: string, holder = fan) => {
    const res = await stack.http('GET', `/tickets/${ticketId}`, { token: holder.token });
    expect(res.status).toBe(200);
    return res.body.code as string;
  };
  const validate = (user: User | undefined, body: unknown) =>
    stack.http('POST', '/tickets/validate', { token: user?.token, body });

  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    activities = createTicketActivities(stack.infra);
    const admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: {
        name: `Tickets ${randomUUID().slice(0, 8)}`,
        monthlyPrice: 2900,
        currency: 'EUR',
        userLimit: 5,
        totalSeats: 1000,
      },
    });
    expect(plan.status).toBe(201);
    [owner, staff, otherOrganizer, fan, otherFan] = await Promise.all(
      ['owner', 'staff', 'other-organizer', 'fan', 'other-fan'].map(signUp),
    );
    accountId = await openAccount(owner, plan.body.id);
    const member = await stack.http('POST', `/accounts/${accountId}/members`, {
      token: owner.token,
      body: { email: staff.email, role: 'staff' },
    });
    expect(member.status).toBe(201);
    concertId = await scheduleConcert(owner, accountId);
    sameAccountConcertId = await scheduleConcert(owner, accountId);
    foreignConcertId = await scheduleConcert(otherOrganizer, await openAccount(otherOrganizer, plan.body.id));
  });
  afterAll(() => stack?.stop());

  describe('GET /tickets and /tickets/:id', () => {
    it('lists the fan’s tickets newest order first, a page at a time, and shows each with its code to its holder only', async () => {
      const older = await buyTickets(fan, [{ quantity: 2 }]);
      const newer = await buyTickets(fan, [{ ticketLevel: 'VIP', levelName: 'VIP balcony', quantity: 1 }]);
      await buyTickets(otherFan, [{ quantity: 1 }]);

      const first = await stack.http('GET', '/tickets?limit=2', { token: fan.token });
      expect(first.status).toBe(200);
      expect(first.body.items.map((t: { id: string }) => t.id)).toEqual([newer.ticketIds[0], older.ticketIds[0]]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await stack.http('GET', `/tickets?limit=2&cursor=${first.body.nextCursor}`, { token: fan.token });
      expect(second.status).toBe(200);
      expect(second.body).toEqual({
        items: [expect.objectContaining({ id: older.ticketIds[1], admission: 2 })],
        nextCursor: null,
      });
      expect(first.body.items[0]).toEqual({
        id: newer.ticketIds[0],
        orderId: newer.orderId,
        concertId,
        concertName: 'Winter Tour',
        ticketLevel: 'VIP',
        levelName: 'VIP balcony',
        admission: 1,
        status: 'issued',
        voidReason: null,
        issuedAt: expect.any(String),
        admittedAt: null,
        delivery: { method: 'email', status: 'sent', at: expect.any(String) },
      });
      expect(first.body.items[0]).not.toHaveProperty('code');

      const mine = await stack.http('GET', `/tickets/${older.ticketIds[0]}`, { token: fan.token });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id: older.ticketIds[0], orderId: older.orderId, code: expect.any(String) });
      // The code in the ticket email is the one the API shows.
      const mail = stack.sink.messages().find((m) => m.to.includes(fan.email) && m.text?.includes(older.ticketIds[0]));
      expect(mail?.text).toContain(mine.body.code);

      const foreign = await stack.http('GET', `/tickets/${older.ticketIds[0]}`, { token: otherFan.token });
      expect(foreign.status).toBe(404);
      expect(foreign.headers.get('content-type')).toContain('application/problem+json');
      expect(foreign.body).toMatchObject({ code: 'ticket_not_found' });
      expect(JSON.stringify(foreign.body)).not.toContain(mine.body.code);
      expect((await stack.http('GET', `/tickets/${randomUUID()}`, { token: fan.token })).status).toBe(404);
      expect((await stack.http('GET', '/tickets/not-a-uuid', { token: fan.token })).status).toBe(400);
      expect((await stack.http('GET', `/tickets/${older.ticketIds[0]}`)).status).toBe(401);
      expect((await stack.http('GET', '/tickets')).status).toBe(401);

      const otherList = await stack.http('GET', '/tickets', { token: otherFan.token });
      expect(otherList.body.items).toHaveLength(1);
    });

    it('refuses malformed paging', async () => {
      for (const query of ['limit=0', 'limit=101', 'limit=x', 'cursor=bm90LWEtY3Vyc29y', 'color=red']) {
        const res = await stack.http('GET', `/tickets?${query}`, { token: fan.token });
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });
  });

  describe('POST /tickets/validate', () => {
    it('admits a ticket once at the door: valid, then already_used, and the holder sees it admitted', async () => {
      const { ticketIds } = await buyTickets(fan, [{ quantity: 1 }]);
      const code = await codeOf(ticketIds[0]);

      const first = await validate(staff, { code, concertId });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        result: 'valid',
        concertId,
        ticketId: ticketIds[0],
        admittedAt: expect.any(String),
        level: { code: 'GA', name: 'General admission' },
      });
      // Typed by hand at another door: lower case, in groups.
      const typed = code
        .toLowerCase()
        .match(/.{1,6}/g)!
        .join('-');
      const second = await validate(owner, { code: typed, concertId });
      expect(second.status).toBe(200);
      expect(second.body).toEqual({ ...first.body, result: 'already_used' });

      const ticket = await stack.http('GET', `/tickets/${ticketIds[0]}`, { token: fan.token });
      expect(ticket.body).toMatchObject({ status: 'admitted', admittedAt: first.body.admittedAt });
      const scans = await stack.infra.db.ticketScan.findMany({ where: { ticketId: ticketIds[0] } });
      expect(scans.map((s) => [s.result, s.scannedBy]).sort()).toEqual(
        [
          ['already_used', owner.id],
          ['valid', staff.id],
        ].sort(),
      );
    });

    it('answers wrong_concert, unknown and voided', async () => {
      const { orderId, ticketIds } = await buyTickets(fan, [{ quantity: 2 }]);
      const code = await codeOf(ticketIds[0]);

      const wrong = await validate(staff, { code, concertId: sameAccountConcertId });
      expect(wrong.status).toBe(200);
      expect(wrong.body).toEqual({ result: 'wrong_concert', concertId: sameAccountConcertId, ticketId: ticketIds[0] });

      const flipped = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11);
      for (const bad of [flipped, 'NOT-A-TICKET', code.slice(0, -2)]) {
        const res = await validate(staff, { code: bad, concertId });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ result: 'unknown', concertId });
      }

      await activities.voidOrderTickets({ orderId, reason: 'refunded' });
      const voided = await validate(staff, { code: await codeOf(ticketIds[1]), concertId });
      expect(voided.body).toMatchObject({ result: 'voided', ticketId: ticketIds[1] });
      const listed = await stack.http('GET', `/tickets/${ticketIds[1]}`, { token: fan.token });
      expect(listed.body).toMatchObject({ status: 'voided', voidReason: 'refunded' });
      // Nothing of this admitted the wrong-concert ticket.
      expect((await stack.http('GET', `/tickets/${ticketIds[0]}`, { token: fan.token })).body.status).toBe('voided');
    });

    it('refuses people outside the organizing account (403) and unknown concerts (404), recording nothing', async () => {
      const { ticketIds } = await buyTickets(fan, [{ quantity: 1 }]);
      const code = await codeOf(ticketIds[0]);
      const countScans = () => stack.infra.db.ticketScan.count({ where: { ticketId: ticketIds[0] } });

      const otherOrganizersDoor = await validate(otherOrganizer, { code, concertId });
      expect(otherOrganizersDoor.status).toBe(403);
      expect(otherOrganizersDoor.headers.get('content-type')).toContain('application/problem+json');
      expect(otherOrganizersDoor.body.code).toBe('not_concert_organizer');
      // Staff of this account cannot validate at another organizer's concert either.
      expect((await validate(staff, { code, concertId: foreignConcertId })).status).toBe(403);
      expect((await validate(fan, { code, concertId })).status).toBe(403);
      const unknownConcert = await validate(staff, { code, concertId: randomUUID() });
      expect(unknownConcert.status).toBe(404);
      expect(unknownConcert.body.code).toBe('concert_not_found');
      expect((await validate(undefined, { code, concertId })).status).toBe(401);
      expect(await countScans()).toBe(0);

      // The ticket is still good for its own door.
      expect((await validate(staff, { code, concertId })).body.result).toBe('valid');
    });

    it('refuses malformed bodies with 400 problem+json naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ concertId }, 'code'],
        [{ code: '', concertId }, 'code'],
        [{ code: 'ABC', concertId: 'not-a-uuid' }, 'concertId'],
        [{ code: 42, concertId }, 'code'],
        [{ code: 'ABC', concertId, extra: true }, ''],
        [{ code: 'A'.repeat(201), concertId }, 'code'],
      ];
      for (const [body, field] of cases) {
        const res = await validate(staff, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        if (field) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      }
      const notJson = await validate(staff, '{"code": ');
      expect(notJson.status).toBe(400);
      expect((await validate(staff, undefined)).status).toBe(400);
    });
  });
});
