import { randomUUID } from 'node:crypto';
import { startApiStack, type ApiTestStack } from '../support/api-stack';

/** A client address of its own (behind a trusted proxy), so per-client counters start at zero. */
const uniqueClientAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'admin-password-1' };

describe('identity API over HTTP: validation, authorization and problem details', () => {
  let stack: ApiTestStack;
  const signUp = async (password = 'good-password-1') => {
    const email = `user-${randomUUID()}@example.test`;
    const res = await stack.http('POST', '/auth/register', { body: { email, password, name: 'User' } });
    expect(res.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password } });
    return { id: res.body.id as string, email, token: login.body.accessToken as string };
  };
  let admin: string | undefined;
  // Signed in once: logins per email are rate-limited, which these tests also check.
  const adminToken = async () =>
    (admin ??= (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string);
  const countEvents = async () =>
    Number((await stack.infra.db.$queryRaw<[{ n: bigint }]>`SELECT count(*) n FROM events`)[0].n);

  beforeAll(async () => {
    stack = await startApiStack({
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: '2',
      RATE_LIMIT_LOGIN_PER_EMAIL: '3',
    });
  });
  afterAll(() => stack?.stop());

  describe('registration', () => {
    it('refuses a duplicate email in any case with 409 and writes nothing', async () => {
      const { email } = await signUp();
      const before = await countEvents();
      const res = await stack.http('POST', '/auth/register', {
        body: { email: email.toUpperCase(), password: 'good-password-1', name: 'Again' },
      });
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, code: 'email_taken' });
      expect(await countEvents()).toBe(before);
    });

    it('lets only one of two concurrent registrations of one email win', async () => {
      const email = `race-${randomUUID()}@example.test`;
      const results = await Promise.all(
        [email, email.toUpperCase(), email].map((e) =>
          stack.http('POST', '/auth/register', { body: { email: e, password: 'good-password-1', name: 'R' } }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    });

    it('refuses a weak password with 422 naming the rule', async () => {
      const res = await stack.http('POST', '/auth/register', {
        body: { email: `weak-${randomUUID()}@example.test`, password: 'short1', name: 'W' },
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'password_too_short', detail: expect.stringMatching(/at least 10/) });
    });

    it.each([
      ['a missing body', undefined],
      ['malformed JSON', '{"email": '],
      ['a bad email', { email: 'not-an-email', password: 'good-password-1', name: 'N' }],
      ['a missing name', { email: 'a@example.test', password: 'good-password-1' }],
      ['an unknown field', { email: 'a@example.test', password: 'good-password-1', name: 'N', role: 'admin' }],
      ['a wrong type', { email: 'a@example.test', password: 12345678901, name: 'N' }],
    ])('answers 400 for %s', async (_, body) => {
      const before = await countEvents();
      const res = await stack.http('POST', '/auth/register', { body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toEqual(expect.any(String));
      expect(await countEvents()).toBe(before);
    });
  });

  describe('hostile bodies', () => {
    const raw = (headers: Record<string, string>, body: Buffer | string) =>
      fetch(`${stack.baseUrl}/auth/register`, { method: 'POST', headers, body });

    it.each([
      ['a NUL character', 'Nul\u0000Name'],
      ['a lone surrogate', 'Half\ud800Name'],
    ])('refuses %s with 400 and writes nothing', async (_, name) => {
      const before = await countEvents();
      // JSON.stringify escapes both as \u sequences, which JSON.parse on the server turns back into them.
      const res = await stack.http('POST', '/auth/register', {
        body: { email: `odd-${randomUUID()}@example.test`, password: 'good-password-1', name },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'name' })]);
      expect(await countEvents()).toBe(before);
    });

    it('refuses a NUL in a login email with 400', async () => {
      const res = await stack.http('POST', '/auth/login', { body: { email: 'a\u0000@x.test', password: 'x' } });
      expect(res.status).toBe(400);
    });

    it('answers 415 for a body that is not UTF-8', async () => {
      const res = await raw({ 'content-type': 'application/json; charset=latin1' }, '{"email":"a@b.test"}');
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 415 for an unknown content encoding and 400 for a broken gzip body', async () => {
      const unknown = await raw({ 'content-type': 'application/json', 'content-encoding': 'br2' }, '{}');
      expect(unknown.status).toBe(415);
      const broken = await raw(
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        Buffer.from('not gzip at all'),
      );
      expect(broken.status).toBe(400);
    });

    it('names malformed JSON as such', async () => {
      const res = await raw({ 'content-type': 'application/json' }, '{"email": ');
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'malformed_json', detail: 'Request body is not valid JSON' });
    });

    it('answers 413 for a body over the limit', async () => {
      const res = await raw({ 'content-type': 'application/json' }, `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`);
      expect(res.status).toBe(413);
    });
  });

  describe('login and tokens', () => {
    it('refuses a wrong password and an unknown email alike', async () => {
      const { email } = await signUp();
      const wrong = await stack.http('POST', '/auth/login', { body: { email, password: 'not-the-password-1' } });
      const unknown = await stack.http('POST', '/auth/login', {
        body: { email: `ghost-${randomUUID()}@example.test`, password: 'not-the-password-1' },
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(unknown.body.detail).toBe(wrong.body.detail);
    });

    it('rate-limits repeated logins for one email with 429 and Retry-After', async () => {
      const email = `login-${randomUUID()}@example.test`;
      await stack.http('POST', '/auth/register', { body: { email, password: 'good-password-1', name: 'L' } });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await stack.http('POST', '/auth/login', { body: { email, password: 'wrong-password-1' } })).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await stack.http('POST', '/auth/login', { body: { email, password: 'good-password-1' } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it.each([
      ['no token', undefined],
      ['a malformed token', 'abc.def.ghi'],
    ])('answers 401 on /me with %s', async (_, token) => {
      const res = await stack.http('GET', '/me', { token });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('roles', () => {
    it('refuses to start when the bootstrap admin email belongs to a registered non-admin', async () => {
      const squatter = await signUp();
      await expect(
        startApiStack({ BOOTSTRAP_ADMIN_EMAIL: squatter.email, BOOTSTRAP_ADMIN_PASSWORD: 'operator-secret-9' }),
      ).rejects.toThrow(/BOOTSTRAP_ADMIN_EMAIL/);
      expect((await stack.http('GET', '/me', { token: squatter.token })).body.role).toBe('customer');
    });

    it('creates the bootstrap admin once, who can change roles', async () => {
      const admins = await stack.infra.db.user.findMany({ where: { emailNormalized: ADMIN.email } });
      expect(admins).toHaveLength(1);
      expect(admins[0].role).toBe('admin');

      const user = await signUp();
      const res = await stack.http('PUT', `/admin/users/${user.id}/role`, {
        token: await adminToken(),
        body: { role: 'staff' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: user.id, role: 'staff' });
      // The role applies at once, even to a token issued before the change.
      expect((await stack.http('GET', '/me', { token: user.token })).body.role).toBe('staff');
    });

    it('refuses role changes by non-admins with 403', async () => {
      const customer = await signUp();
      const target = await signUp();
      const res = await stack.http('PUT', `/admin/users/${target.id}/role`, {
        token: customer.token,
        body: { role: 'admin' },
      });
      expect(res.status).toBe(403);
      expect((await stack.http('GET', '/me', { token: target.token })).body.role).toBe('customer');
    });

    it('refuses role changes without a token with 401', async () => {
      const target = await signUp();
      expect((await stack.http('PUT', `/admin/users/${target.id}/role`, { body: { role: 'admin' } })).status).toBe(401);
    });

    it.each([
      ['an unknown role', () => randomUUID(), { role: 'owner' }, 400],
      ['a malformed id', () => 'not-a-uuid', { role: 'staff' }, 400],
      ['an unknown user', () => randomUUID(), { role: 'staff' }, 404],
    ])('answers %s with the right status', async (_, id, body, status) => {
      const res = await stack.http('PUT', `/admin/users/${id()}/role`, { token: await adminToken(), body });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('password reset requests', () => {
    it('rate-limits per email with 429, whether or not the email is registered', async () => {
      const email = `limited-${randomUUID()}@example.test`;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await stack.http('POST', '/auth/password-reset', { body: { email } })).status);
      }
      expect(statuses).toEqual([202, 202, 429]);
    });

    it('rate-limits per client across different emails', async () => {
      const limited = await startApiStack({ RATE_LIMIT_PASSWORD_RESET_PER_CLIENT: '2', TRUST_PROXY: 'true' });
      try {
        const statuses: number[] = [];
        const headers = { 'x-forwarded-for': uniqueClientAddress() };
        for (let i = 0; i < 3; i++) {
          const body = { email: `client-${randomUUID()}@example.test` };
          statuses.push((await limited.http('POST', '/auth/password-reset', { body, headers })).status);
        }
        expect(statuses).toEqual([202, 202, 429]);
      } finally {
        await limited.stop();
      }
    });

    it('rate-limits logins and registrations per client', async () => {
      const limited = await startApiStack({ RATE_LIMIT_AUTH_PER_CLIENT: '2', TRUST_PROXY: 'true' });
      try {
        const email = `flood-${randomUUID()}@example.test`;
        const headers = { 'x-forwarded-for': uniqueClientAddress() };
        const statuses = [
          (
            await limited.http('POST', '/auth/register', {
              body: { email, password: 'good-password-1', name: 'F' },
              headers,
            })
          ).status,
          (await limited.http('POST', '/auth/login', { body: { email, password: 'good-password-1' }, headers })).status,
          (await limited.http('POST', '/auth/login', { body: { email, password: 'good-password-1' }, headers })).status,
        ];
        expect(statuses).toEqual([201, 200, 429]);
      } finally {
        await limited.stop();
      }
    });

    it('refuses a confirmation with a wrong token (400)', async () => {
      const wrong = await stack.http('POST', '/auth/password-reset/confirm', {
        body: { token: 'x'.repeat(43), newPassword: 'good-password-2' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('reset_token_invalid');
      const empty = await stack.http('POST', '/auth/password-reset/confirm', { body: { token: '', newPassword: 'x' } });
      expect(empty.status).toBe(400);
    });
  });

  describe('platform', () => {
    it('reports database and Temporal health', async () => {
      const res = await stack.http('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { database: 'up', temporal: 'up' } });
    });

    it('serves the OpenAPI document with the validated request schemas', async () => {
      const res = await stack.http('GET', '/docs-json');
      expect(res.status).toBe(200);
      const register = res.body.paths['/auth/register'].post;
      expect(register.requestBody.content['application/json'].schema.required).toEqual(['email', 'password', 'name']);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/auth/login',
          '/auth/password-reset',
          '/auth/password-reset/confirm',
          '/me',
          '/admin/users/{id}/role',
          '/health',
        ]),
      );
      expect((await fetch(`${stack.baseUrl}/docs`)).status).toBe(200);
    });

    it('answers unknown routes with a 404 problem and echoes a request id', async () => {
      const res = await stack.http('GET', '/nope', { headers: { 'x-request-id': 'trace-123' } });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 404, code: 'route_not_found', requestId: 'trace-123' });
      expect(res.headers.get('x-request-id')).toBe('trace-123');
    });
  });
});
