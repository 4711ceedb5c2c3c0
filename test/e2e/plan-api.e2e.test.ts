import { randomUUID } from 'node:crypto';
import { startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'admin-password-1' };
const PLAN = { name: 'Club', monthlyPrice: 4900, currency: 'EUR', userLimit: 3, totalSeats: 2000 };

describe('plans API over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let customer: string;
  let staff: string;
  const countEvents = async () =>
    Number((await stack.infra.db.$queryRaw<[{ n: bigint }]>`SELECT count(*) n FROM events`)[0].n);
  const signUp = async () => {
    const email = `user-${randomUUID()}@example.test`;
    const password = 'good-password-1';
    const res = await stack.http('POST', '/auth/register', { body: { email, password, name: 'User' } });
    const login = await stack.http('POST', '/auth/login', { body: { email, password } });
    return { id: res.body.id as string, token: login.body.accessToken as string };
  };
  const createPlan = async (terms: Partial<typeof PLAN> = {}) => {
    const res = await stack.http('POST', '/plans', { token: admin, body: { ...PLAN, ...terms } });
    expect(res.status).toBe(201);
    return res.body as typeof PLAN & { id: string; status: string };
  };
  const expectProblem = (res: HttpResult, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  };

  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken;
    customer = (await signUp()).token;
    const staffUser = await signUp();
    await stack.http('PUT', `/admin/users/${staffUser.id}/role`, { token: admin, body: { role: 'staff' } });
    staff = staffUser.token;
  });
  afterAll(() => stack?.stop());

  describe('lifecycle', () => {
    it('lets an admin create a plan that everyone can read', async () => {
      const plan = await createPlan({ name: '  Club  ' });
      expect(plan).toEqual({
        id: expect.any(String),
        ...PLAN,
        status: 'active',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        retiredAt: null,
      });
      const read = await stack.http('GET', `/plans/${plan.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(plan);
      const list = await stack.http('GET', '/plans');
      expect(list.status).toBe(200);
      expect(list.body).toEqual(expect.arrayContaining([plan]));
    });

    it('lists active plans cheapest first', async () => {
      const tag = randomUUID();
      const pricey = await createPlan({ name: `pricey ${tag}`, monthlyPrice: 990_000 });
      const cheap = await createPlan({ name: `cheap ${tag}`, monthlyPrice: 0 });
      const middle = await createPlan({ name: `middle ${tag}`, monthlyPrice: 5000 });
      const list = (await stack.http('GET', '/plans')).body as Array<{ id: string; monthlyPrice: number }>;
      const prices = list.map((p) => p.monthlyPrice);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      const ours = list.filter((p) => [pricey.id, cheap.id, middle.id].includes(p.id)).map((p) => p.id);
      expect(ours).toEqual([cheap.id, middle.id, pricey.id]);
    });

    it('updates only the fields given, and records only what changed', async () => {
      const plan = await createPlan();
      const before = await countEvents();
      const res = await stack.http('PATCH', `/plans/${plan.id}`, {
        token: admin,
        body: { monthlyPrice: 5900, userLimit: 5, currency: 'EUR' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ...PLAN, monthlyPrice: 5900, userLimit: 5, status: 'active' });
      expect(await countEvents()).toBe(before + 1);
      const [event] = await stack.infra.eventStore.readStream(`plan-${plan.id}`, { fromVersion: 2 });
      expect(event).toMatchObject({ type: 'PlanUpdated', data: { changes: { monthlyPrice: 5900, userLimit: 5 } } });

      const same = await stack.http('PATCH', `/plans/${plan.id}`, { token: admin, body: { monthlyPrice: 5900 } });
      expect(same.status).toBe(200);
      expect(await countEvents()).toBe(before + 1);
    });

    it('retires a plan: gone from the list, still readable, frozen', async () => {
      const plan = await createPlan();
      const res = await stack.http('POST', `/plans/${plan.id}/retire`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: plan.id, status: 'retired', retiredAt: expect.any(String) });
      const list = (await stack.http('GET', '/plans')).body as Array<{ id: string }>;
      expect(list.map((p) => p.id)).not.toContain(plan.id);
      expect((await stack.http('GET', `/plans/${plan.id}`)).body.status).toBe('retired');

      const before = await countEvents();
      const update = await stack.http('PATCH', `/plans/${plan.id}`, { token: admin, body: { name: 'Again' } });
      expectProblem(update, 409);
      expect(update.body.code).toBe('plan_retired');
      const again = await stack.http('POST', `/plans/${plan.id}/retire`, { token: admin });
      expectProblem(again, 409);
      expect(again.body.code).toBe('plan_retired');
      expect(await countEvents()).toBe(before);
    });
  });

  describe('authorization', () => {
    const endpoints: Array<[string, string, (id: string) => string, unknown]> = [
      ['create', 'POST', () => '/plans', PLAN],
      ['update', 'PATCH', (id) => `/plans/${id}`, { monthlyPrice: 1 }],
      ['retire', 'POST', (id) => `/plans/${id}/retire`, undefined],
    ];
    let planId: string;
    beforeAll(async () => {
      planId = (await createPlan()).id;
    });

    it.each(endpoints)('%s refuses a request without a token with 401', async (_, method, path, body) => {
      const before = await countEvents();
      const res = await stack.http(method, path(planId), { body });
      expectProblem(res, 401);
      expect(await countEvents()).toBe(before);
    });

    it.each(endpoints)('%s refuses customers and staff with 403', async (_, method, path, body) => {
      const before = await countEvents();
      for (const token of [customer, staff]) {
        const res = await stack.http(method, path(planId), { token, body });
        expectProblem(res, 403);
        expect(res.body.code).toBe('role_required');
      }
      expect(await countEvents()).toBe(before);
      expect((await stack.http('GET', `/plans/${planId}`)).body).toMatchObject({ ...PLAN, status: 'active' });
    });
  });

  describe('bad input', () => {
    it.each<[string, number, unknown, string]>([
      ['a missing body', 400, undefined, ''],
      ['malformed JSON', 400, '{"name": ', ''],
      ['a missing field', 400, { ...PLAN, currency: undefined }, 'currency'],
      ['an unknown field', 400, { ...PLAN, discount: 10 }, ''],
      ['a price as a string', 400, { ...PLAN, monthlyPrice: '4900' }, 'monthlyPrice'],
      ['a name that is not a string', 400, { ...PLAN, name: 42 }, 'name'],
      ['a null user limit', 400, { ...PLAN, userLimit: null }, 'userLimit'],
      ['a huge name', 400, { ...PLAN, name: 'x'.repeat(10_000) }, 'name'],
      ['a negative price', 422, { ...PLAN, monthlyPrice: -1 }, 'monthlyPrice'],
      ['a fractional price', 422, { ...PLAN, monthlyPrice: 49.99 }, 'monthlyPrice'],
      ['an unknown currency', 422, { ...PLAN, currency: 'XYZ' }, 'currency'],
      ['a lower-case currency', 422, { ...PLAN, currency: 'eur' }, 'currency'],
      ['an empty name', 422, { ...PLAN, name: '  ' }, 'name'],
      ['a name over 100 characters', 422, { ...PLAN, name: 'x'.repeat(101) }, 'name'],
      ['a user limit of zero', 422, { ...PLAN, userLimit: 0 }, 'userLimit'],
      ['a fractional seat count', 422, { ...PLAN, totalSeats: 1.5 }, 'totalSeats'],
    ])('POST /plans answers %s with %i naming the field, writing nothing', async (_, status, body, field) => {
      const before = await countEvents();
      const res = await stack.http('POST', '/plans', { token: admin, body });
      expectProblem(res, status);
      if (field && status === 400) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      if (field) expect(res.body.detail).toContain(field);
      expect(await countEvents()).toBe(before);
    });

    it.each<[string, number, string, () => string, unknown]>([
      ['PATCH with no field', 400, 'PATCH', () => '/plans/:id', {}],
      ['PATCH with an unknown field', 400, 'PATCH', () => '/plans/:id', { status: 'retired' }],
      ['PATCH with a negative price', 422, 'PATCH', () => '/plans/:id', { monthlyPrice: -5 }],
      ['PATCH of a malformed id', 400, 'PATCH', () => '/plans/not-a-uuid', { monthlyPrice: 5 }],
      ['PATCH of an unknown id', 404, 'PATCH', () => `/plans/${randomUUID()}`, { monthlyPrice: 5 }],
      ['retire of a malformed id', 400, 'POST', () => '/plans/123/retire', undefined],
      ['retire of an unknown id', 404, 'POST', () => `/plans/${randomUUID()}/retire`, undefined],
      ['GET of a malformed id', 400, 'GET', () => '/plans/123', undefined],
      ['GET of an unknown id', 404, 'GET', () => `/plans/${randomUUID()}`, undefined],
    ])('answers %s with %i', async (_, status, method, path, body) => {
      const plan = await createPlan();
      const before = await countEvents();
      const res = await stack.http(method, path().replace(':id', plan.id), { token: admin, body });
      expectProblem(res, status);
      expect(await countEvents()).toBe(before);
      expect((await stack.http('GET', `/plans/${plan.id}`)).body).toEqual(plan);
    });
  });

  it('documents every plan endpoint with a summary, its statuses and an example', async () => {
    const doc = (await stack.http('GET', '/docs-json')).body;
    const operations: Array<[string, string, string[]]> = [
      ['/plans', 'post', ['201', '400', '401', '403', '422']],
      ['/plans', 'get', ['200']],
      ['/plans/{id}', 'get', ['200', '400', '404']],
      ['/plans/{id}', 'patch', ['200', '400', '401', '403', '404', '409', '422']],
      ['/plans/{id}/retire', 'post', ['200', '400', '401', '403', '404', '409']],
    ];
    for (const [path, method, statuses] of operations) {
      const op = doc.paths[path][method];
      expect(op.summary).toEqual(expect.any(String));
      expect(Object.keys(op.responses).sort()).toEqual([...statuses].sort());
    }
    const create = doc.paths['/plans'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(['name', 'monthlyPrice', 'currency', 'userLimit', 'totalSeats']);
    expect(create.example).toMatchObject({ currency: 'EUR' });
  });
});
