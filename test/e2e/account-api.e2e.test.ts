import { randomUUID } from 'node:crypto';
import { startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'admin-password-1' };
const PASSWORD = 'good-password-1';

interface User {
  id: string;
  email: string;
  name: string;
  token: string;
}

/** The billing period after today's, computed independently of the domain code. */
const nextPeriod = (): string => {
  const now = new Date();
  const year = now.getUTCMonth() === 11 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  return `${year}-${String(((now.getUTCMonth() + 1) % 12) + 1).padStart(2, '0')}`;
};

describe('accounts API over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let trio: { id: string };
  let arena: { id: string };
  let duo: { id: string };
  let retired: { id: string };

  const countEvents = async () =>
    Number((await stack.infra.db.$queryRaw<[{ n: bigint }]>`SELECT count(*) n FROM events`)[0].n);
  const signUp = async (name = 'User'): Promise<User> => {
    const email = `user-${randomUUID()}@example.test`;
    const res = await stack.http('POST', '/auth/register', { body: { email, password: PASSWORD, name } });
    expect(res.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password: PASSWORD } });
    return { id: res.body.id, email, name, token: login.body.accessToken };
  };
  const createPlan = async (terms: Record<string, unknown>) => {
    const body = { name: 'Trio', monthlyPrice: 4900, currency: 'EUR', userLimit: 3, totalSeats: 1000, ...terms };
    const res = await stack.http('POST', '/plans', { token: admin, body });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const openAccount = async (owner: User, planId = trio.id, name = 'Blue Note') => {
    const res = await stack.http('POST', '/accounts', { token: owner.token, body: { name, planId } });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const addMember = (accountId: string, token: string, body: unknown) =>
    stack.http('POST', `/accounts/${accountId}/members`, { token, body });
  /** An account owned by `owner` with `staff` as a staff member. */
  const accountWithStaff = async () => {
    const [owner, staffMember] = [await signUp('Owner'), await signUp('Staff')];
    const account = await openAccount(owner);
    expect((await addMember(account.id, owner.token, { userId: staffMember.id, role: 'staff' })).status).toBe(201);
    return { owner, staffMember, account };
  };
  const expectProblem = (res: HttpResult, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (code) expect(res.body.code).toBe(code);
  };

  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken;
    trio = await createPlan({ name: 'Trio', userLimit: 3 });
    arena = await createPlan({ name: 'Arena', monthlyPrice: 9900, userLimit: 10, totalSeats: 20_000 });
    duo = await createPlan({ name: 'Duo', monthlyPrice: 2900, userLimit: 2 });
    retired = await createPlan({ name: 'Gone' });
    expect((await stack.http('POST', `/plans/${retired.id}/retire`, { token: admin })).status).toBe(200);
  });
  afterAll(() => stack?.stop());

  it('takes a customer from a plan to an account, members up to the limit, and a plan change', async () => {
    // A plan of its own: this test edits it, and the other tests' accounts must not feel that.
    const trio = await createPlan({ name: 'Trio', userLimit: 3 });
    const ada = await signUp('Ada');
    const created = await stack.http('POST', '/accounts', {
      token: ada.token,
      body: { name: '  Blue Note  ', planId: trio.id },
    });
    expect(created.status).toBe(201);
    const trioPackage = {
      planId: trio.id,
      planName: 'Trio',
      monthlyPrice: 4900,
      currency: 'EUR',
      userLimit: 3,
      totalSeats: 1000,
    };
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Blue Note',
      package: trioPackage,
      members: [{ userId: ada.id, name: 'Ada', email: ada.email, role: 'owner' }],
      seatsInUse: 0,
      scheduledPlanChange: null,
      openedAt: expect.any(String),
    });
    const accountId = created.body.id as string;

    // The owner fills the account, by id and by email, and is refused beyond the plan's userLimit.
    const [grace, alan, edsger] = [await signUp('Grace'), await signUp('Alan'), await signUp('Edsger')];
    const byId = await addMember(accountId, ada.token, { userId: grace.id, role: 'staff' });
    expect(byId.status).toBe(201);
    expect(byId.body).toEqual({ userId: grace.id, name: 'Grace', email: grace.email, role: 'staff' });
    const byEmail = await addMember(accountId, ada.token, { email: alan.email.toUpperCase(), role: 'owner' });
    expect(byEmail.status).toBe(201);
    expect(byEmail.body).toMatchObject({ userId: alan.id, role: 'owner' });
    const before = await countEvents();
    const full = await addMember(accountId, ada.token, { userId: edsger.id, role: 'staff' });
    expectProblem(full, 422, 'member_limit_reached');
    expect(full.body.detail).toBe("This account's plan allows 3 members");
    expect(await countEvents()).toBe(before);

    // Removing a member frees a place.
    expect(
      (await stack.http('DELETE', `/accounts/${accountId}/members/${grace.id}`, { token: ada.token })).status,
    ).toBe(204);
    expect((await addMember(accountId, ada.token, { userId: edsger.id, role: 'staff' })).status).toBe(201);

    // Editing the plan afterwards leaves the account's package alone.
    const patched = await stack.http('PATCH', `/plans/${trio.id}`, {
      token: admin,
      body: { name: 'Trio 2026', monthlyPrice: 5900, userLimit: 2, totalSeats: 10 },
    });
    expect(patched.status).toBe(200);

    // A smaller plan than the account already uses is refused, naming the limit; a bigger one is scheduled.
    const tooSmall = await stack.http('POST', `/accounts/${accountId}/plan`, {
      token: ada.token,
      body: { planId: duo.id },
    });
    expectProblem(tooSmall, 422, 'plan_user_limit_too_low');
    expect(tooSmall.body.detail).toContain('allows 2 members but the account has 3');
    const change = await stack.http('POST', `/accounts/${accountId}/plan`, {
      token: ada.token,
      body: { planId: arena.id },
    });
    expect(change.status).toBe(200);
    expect(change.body).toEqual({
      package: {
        planId: arena.id,
        planName: 'Arena',
        monthlyPrice: 9900,
        currency: 'EUR',
        userLimit: 10,
        totalSeats: 20_000,
      },
      effectiveFrom: nextPeriod(),
      scheduledAt: expect.any(String),
    });

    const account = await stack.http('GET', `/accounts/${accountId}`, { token: ada.token });
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ package: trioPackage, seatsInUse: 0, scheduledPlanChange: change.body });
    expect(account.body.members).toEqual([
      { userId: ada.id, name: 'Ada', email: ada.email, role: 'owner' },
      { userId: alan.id, name: 'Alan', email: alan.email, role: 'owner' },
      { userId: edsger.id, name: 'Edsger', email: edsger.email, role: 'staff' },
    ]);
  });

  it('never exceeds the userLimit, even when members are added concurrently', async () => {
    const owner = await signUp('Owner');
    const account = await openAccount(owner); // Trio: 3 members, the owner is one
    const candidates = await Promise.all([1, 2, 3, 4, 5].map(() => signUp()));
    const results = await Promise.all(
      candidates.map((c) => addMember(account.id, owner.token, { userId: c.id, role: 'staff' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expectProblem(refused, 422, 'member_limit_reached');
    }
    const read = await stack.http('GET', `/accounts/${account.id}`, { token: owner.token });
    expect(read.body.members).toHaveLength(3);
  });

  it('never removes the last owner', async () => {
    const { owner, staffMember, account } = await accountWithStaff();
    const before = await countEvents();
    const res = await stack.http('DELETE', `/accounts/${account.id}/members/${owner.id}`, { token: owner.token });
    expectProblem(res, 422, 'last_owner');
    expect(await countEvents()).toBe(before);
    // With a second owner, the first may go.
    await addMember(account.id, owner.token, { userId: (await signUp()).id, role: 'owner' });
    expect(
      (await stack.http('DELETE', `/accounts/${account.id}/members/${owner.id}`, { token: owner.token })).status,
    ).toBe(204);
    expect(
      (await stack.http('GET', `/accounts/${account.id}`, { token: staffMember.token })).body.members,
    ).toHaveLength(2);
  });

  it('lets a user belong to several accounts and lists them with the role in each', async () => {
    const ada = await signUp('Ada');
    const mine = await openAccount(ada, trio.id, 'Zeta Events');
    const theirs = await accountWithStaff();
    await addMember(theirs.account.id, theirs.owner.token, { email: ada.email, role: 'staff' });
    const list = await stack.http('GET', '/accounts', { token: ada.token });
    expect(list.status).toBe(200);
    expect(list.body.map((a: { id: string; name: string; role: string }) => [a.id, a.name, a.role])).toEqual([
      [theirs.account.id, 'Blue Note', 'staff'],
      [mine.id, 'Zeta Events', 'owner'],
    ]);
    expect(list.body[0]).toMatchObject({ package: { planId: trio.id }, seatsInUse: 0 });
    expect((await stack.http('GET', '/accounts', { token: (await signUp()).token })).body).toEqual([]);
  });

  it('refuses accounts from retired or unknown plans with 422 plan_not_available', async () => {
    const { owner, account } = await accountWithStaff();
    const before = await countEvents();
    for (const planId of [retired.id, randomUUID()]) {
      const res = await stack.http('POST', '/accounts', { token: owner.token, body: { name: 'N', planId } });
      expectProblem(res, 422, 'plan_not_available');
      expect(res.body.detail).toContain('planId');
    }
    for (const planId of [retired.id, randomUUID()]) {
      const res = await stack.http('POST', `/accounts/${account.id}/plan`, { token: owner.token, body: { planId } });
      expectProblem(res, 422, 'plan_not_available');
    }
    const same = await stack.http('POST', `/accounts/${account.id}/plan`, {
      token: owner.token,
      body: { planId: trio.id },
    });
    expectProblem(same, 422, 'plan_unchanged');
    expect(await countEvents()).toBe(before);
  });

  it('refuses members who are unknown (404) or already in (409)', async () => {
    const { owner, staffMember, account } = await accountWithStaff();
    const before = await countEvents();
    expectProblem(
      await addMember(account.id, owner.token, { userId: randomUUID(), role: 'staff' }),
      404,
      'user_not_found',
    );
    expectProblem(
      await addMember(account.id, owner.token, { email: `ghost-${randomUUID()}@example.test`, role: 'staff' }),
      404,
      'user_not_found',
    );
    expectProblem(
      await addMember(account.id, owner.token, { userId: staffMember.id, role: 'owner' }),
      409,
      'already_member',
    );
    expectProblem(
      await addMember(account.id, owner.token, { email: owner.email, role: 'staff' }),
      409,
      'already_member',
    );
    expectProblem(
      await stack.http('DELETE', `/accounts/${account.id}/members/${randomUUID()}`, { token: owner.token }),
      404,
      'member_not_found',
    );
    expect(await countEvents()).toBe(before);
  });

  it('lets admins read and manage any account', async () => {
    const { account } = await accountWithStaff();
    const extra = await signUp();
    expect((await stack.http('GET', `/accounts/${account.id}`, { token: admin })).status).toBe(200);
    expect((await addMember(account.id, admin, { userId: extra.id, role: 'staff' })).status).toBe(201);
    expect((await stack.http('DELETE', `/accounts/${account.id}/members/${extra.id}`, { token: admin })).status).toBe(
      204,
    );
    const change = await stack.http('POST', `/accounts/${account.id}/plan`, {
      token: admin,
      body: { planId: arena.id },
    });
    expect(change.status).toBe(200);
  });

  describe('authorization', () => {
    // Every mutating endpoint, and the account read, with a valid body for the account under test.
    const endpoints: Array<[string, string, (a: string, member: string) => string, (member: string) => unknown]> = [
      ['add member', 'POST', (a) => `/accounts/${a}/members`, () => ({ email: 'someone@example.test', role: 'staff' })],
      ['remove member', 'DELETE', (a, m) => `/accounts/${a}/members/${m}`, () => undefined],
      ['schedule plan change', 'POST', (a) => `/accounts/${a}/plan`, () => ({ planId: arena.id })],
    ];
    let setup: Awaited<ReturnType<typeof accountWithStaff>>;
    let outsider: User;
    beforeAll(async () => {
      setup = await accountWithStaff();
      outsider = await signUp('Outsider');
    });

    it.each(endpoints)('%s refuses a request without a token with 401', async (_, method, path, body) => {
      const before = await countEvents();
      const res = await stack.http(method, path(setup.account.id, setup.staffMember.id), {
        body: body(setup.staffMember.id),
      });
      expectProblem(res, 401, 'authentication_required');
      expect(await countEvents()).toBe(before);
    });

    it.each(endpoints)('%s refuses a staff member with 403 owner_required', async (_, method, path, body) => {
      const before = await countEvents();
      const res = await stack.http(method, path(setup.account.id, setup.owner.id), {
        token: setup.staffMember.token,
        body: body(setup.owner.id),
      });
      expectProblem(res, 403, 'owner_required');
      expect(await countEvents()).toBe(before);
    });

    it.each(endpoints)(
      '%s answers a non-member with 404, as if the account did not exist',
      async (_, method, path, body) => {
        const before = await countEvents();
        const res = await stack.http(method, path(setup.account.id, setup.staffMember.id), {
          token: outsider.token,
          body: body(setup.staffMember.id),
        });
        expectProblem(res, 404, 'account_not_found');
        const unknown = await stack.http(method, path(randomUUID(), setup.staffMember.id), {
          token: outsider.token,
          body: body(setup.staffMember.id),
        });
        expect(unknown.body.detail).toBe(res.body.detail);
        expect(await countEvents()).toBe(before);
      },
    );

    it('POST /accounts refuses a request without a token with 401; every signed-in role may open one', async () => {
      const before = await countEvents();
      expectProblem(await stack.http('POST', '/accounts', { body: { name: 'N', planId: trio.id } }), 401);
      expect(await countEvents()).toBe(before);
      const staffUser = await signUp();
      await stack.http('PUT', `/admin/users/${staffUser.id}/role`, { token: admin, body: { role: 'staff' } });
      for (const token of [staffUser.token, admin]) {
        expect((await stack.http('POST', '/accounts', { token, body: { name: 'N', planId: trio.id } })).status).toBe(
          201,
        );
      }
    });

    it('shows an account to its members and admins only', async () => {
      const path = `/accounts/${setup.account.id}`;
      expectProblem(await stack.http('GET', path), 401);
      expectProblem(await stack.http('GET', '/accounts'), 401);
      expectProblem(await stack.http('GET', path, { token: outsider.token }), 404, 'account_not_found');
      for (const token of [setup.owner.token, setup.staffMember.token, admin]) {
        expect((await stack.http('GET', path, { token })).status).toBe(200);
      }
    });
  });

  describe('bad input', () => {
    let owner: User;
    let account: { id: string };
    beforeAll(async () => {
      ({ owner, account } = await accountWithStaff());
    });

    it.each<[string, number, unknown, string]>([
      ['a missing body', 400, undefined, ''],
      ['a missing name', 400, { planId: '00000000-0000-4000-8000-000000000000' }, 'name'],
      ['a name that is not a string', 400, { name: 7, planId: '00000000-0000-4000-8000-000000000000' }, 'name'],
      ['a malformed planId', 400, { name: 'N', planId: 'plan-1' }, 'planId'],
      ['an unknown field', 400, { name: 'N', planId: '00000000-0000-4000-8000-000000000000', owner: 'x' }, ''],
      ['a huge name', 400, { name: 'x'.repeat(5000), planId: '00000000-0000-4000-8000-000000000000' }, 'name'],
      ['a blank name', 422, { name: '   ', planId: ':trio' }, 'name'],
      ['a name over 100 characters', 422, { name: 'x'.repeat(101), planId: ':trio' }, 'name'],
    ])('POST /accounts answers %s with %i naming the field, writing nothing', async (_, status, body, field) => {
      const before = await countEvents();
      const withPlan =
        body && typeof body === 'object' && (body as { planId?: string }).planId === ':trio'
          ? { ...body, planId: trio.id }
          : body;
      const res = await stack.http('POST', '/accounts', { token: owner.token, body: withPlan });
      expectProblem(res, status);
      if (field && status === 400) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      if (field) expect(res.body.detail).toContain(field);
      expect(await countEvents()).toBe(before);
    });

    it.each<[string, number, string, (a: string) => string, unknown]>([
      [
        'a member with both userId and email',
        400,
        'POST',
        (a) => `/accounts/${a}/members`,
        { userId: randomUUID(), email: 'a@example.test', role: 'staff' },
      ],
      ['a member with neither userId nor email', 400, 'POST', (a) => `/accounts/${a}/members`, { role: 'staff' }],
      [
        'a member with an unknown role',
        400,
        'POST',
        (a) => `/accounts/${a}/members`,
        { userId: randomUUID(), role: 'admin' },
      ],
      [
        'a member with a malformed userId',
        400,
        'POST',
        (a) => `/accounts/${a}/members`,
        { userId: 'u-1', role: 'staff' },
      ],
      [
        'a member with a malformed email',
        400,
        'POST',
        (a) => `/accounts/${a}/members`,
        { email: 'nobody', role: 'staff' },
      ],
      [
        'a member with an unknown field',
        400,
        'POST',
        (a) => `/accounts/${a}/members`,
        { userId: randomUUID(), role: 'staff', x: 1 },
      ],
      [
        'a member for a malformed account id',
        400,
        'POST',
        () => '/accounts/acc-1/members',
        { userId: randomUUID(), role: 'staff' },
      ],
      [
        'a member for an unknown account',
        404,
        'POST',
        () => `/accounts/${randomUUID()}/members`,
        { userId: randomUUID(), role: 'staff' },
      ],
      ['a removal with a malformed userId', 400, 'DELETE', (a) => `/accounts/${a}/members/u-1`, undefined],
      [
        'a removal from an unknown account',
        404,
        'DELETE',
        () => `/accounts/${randomUUID()}/members/${randomUUID()}`,
        undefined,
      ],
      ['a plan change without planId', 400, 'POST', (a) => `/accounts/${a}/plan`, {}],
      ['a plan change with a malformed planId', 400, 'POST', (a) => `/accounts/${a}/plan`, { planId: 42 }],
      [
        'a plan change of an unknown account',
        404,
        'POST',
        () => `/accounts/${randomUUID()}/plan`,
        { planId: randomUUID() },
      ],
      ['a read of a malformed account id', 400, 'GET', () => '/accounts/acc-1', undefined],
      ['a read of an unknown account', 404, 'GET', () => `/accounts/${randomUUID()}`, undefined],
    ])('answers %s with %i, writing nothing', async (_, status, method, path, body) => {
      const before = await countEvents();
      for (const token of [owner.token, admin]) {
        expectProblem(await stack.http(method, path(account.id), { token, body }), status);
      }
      expect(await countEvents()).toBe(before);
    });
  });

  it('documents every account endpoint with a summary, its statuses and an example', async () => {
    const doc = (await stack.http('GET', '/docs-json')).body;
    const operations: Array<[string, string, string[]]> = [
      ['/accounts', 'post', ['201', '400', '401', '422']],
      ['/accounts', 'get', ['200', '401']],
      ['/accounts/{id}', 'get', ['200', '400', '401', '404']],
      ['/accounts/{id}/plan', 'post', ['200', '400', '401', '403', '404', '422']],
      ['/accounts/{id}/members', 'post', ['201', '400', '401', '403', '404', '409', '422']],
      ['/accounts/{id}/members/{userId}', 'delete', ['204', '400', '401', '403', '404', '422']],
    ];
    for (const [path, method, statuses] of operations) {
      const op = doc.paths[path][method];
      expect(op.summary).toEqual(expect.any(String));
      expect(Object.keys(op.responses).sort()).toEqual([...statuses].sort());
    }
    const addBody = doc.paths['/accounts/{id}/members'].post.requestBody.content['application/json'].schema;
    expect(addBody.example).toEqual({ email: 'grace@example.com', role: 'staff' });
  });
});
