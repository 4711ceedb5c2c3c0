import { randomUUID } from 'node:crypto';
import { eventually } from '../support/stack';
import { startApiStack, type ApiTestStack } from '../support/api-stack';

describe('end to end over HTTP: register, reset the password by email, sign in again', () => {
  let stack: ApiTestStack;
  beforeAll(async () => {
    stack = await startApiStack();
  });
  afterAll(() => stack?.stop());

  it('resets a forgotten password through the API, the worker, Temporal and the mail sink', async () => {
    const email = `Fan-${randomUUID()}@Example.test`;
    const register = await stack.http('POST', '/auth/register', {
      body: { email, password: 'first-password-1', name: 'Fan' },
    });
    expect(register.status).toBe(201);
    expect(register.body).toMatchObject({ email, name: 'Fan', role: 'customer' });

    const login = await stack.http('POST', '/auth/login', { body: { email, password: 'first-password-1' } });
    expect(login.status).toBe(200);
    const oldToken = login.body.accessToken as string;
    expect((await stack.http('GET', '/me', { token: oldToken })).body).toMatchObject({ id: register.body.id });

    const requested = await stack.http('POST', '/auth/password-reset', { body: { email: email.toLowerCase() } });
    expect(requested.status).toBe(202);

    // Read the email the way a person would: from the sink's HTTP API.
    const mail = await eventually(async () => {
      const messages = (await (await fetch(`${stack.sink.url}/api/messages`)).json()) as Array<{
        to: string[];
        subject: string;
        text: string;
      }>;
      return messages.find((m) => m.to.includes(email));
    });
    expect(mail.subject).toMatch(/reset/i);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();

    // The link in the email opens a page that posts the token back.
    const link = /(https?:\/\/\S+reset-password\?token=\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const page = await fetch(`${stack.baseUrl}${new URL(link!).pathname}${new URL(link!).search}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('/auth/password-reset/confirm');

    const confirm = await stack.http('POST', '/auth/password-reset/confirm', {
      body: { token, newPassword: 'second-password-2' },
    });
    expect(confirm.status).toBe(204);

    expect((await stack.http('POST', '/auth/login', { body: { email, password: 'second-password-2' } })).status).toBe(
      200,
    );
    const oldPassword = await stack.http('POST', '/auth/login', { body: { email, password: 'first-password-1' } });
    expect(oldPassword.status).toBe(401);
    expect(oldPassword.headers.get('content-type')).toContain('application/problem+json');
    const oldSession = await stack.http('GET', '/me', { token: oldToken });
    expect(oldSession.status).toBe(401);

    const reused = await stack.http('POST', '/auth/password-reset/confirm', {
      body: { token, newPassword: 'third-password-3' },
    });
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('reset_token_used');

    // Requests were logged, but never a password or a token.
    const logs = stack.logs.join('');
    expect(logs).toContain('/auth/password-reset/confirm');
    for (const secret of ['first-password-1', 'second-password-2', 'third-password-3', token!, oldToken]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('answers a reset request for an unknown email exactly like one for a known email', async () => {
    const known = `known-${randomUUID()}@example.test`;
    await stack.http('POST', '/auth/register', { body: { email: known, password: 'first-password-1', name: 'K' } });
    const a = await stack.http('POST', '/auth/password-reset', { body: { email: known } });
    const b = await stack.http('POST', '/auth/password-reset', {
      body: { email: `unknown-${randomUUID()}@example.test` },
    });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body).toEqual(a.body);
  });
});
