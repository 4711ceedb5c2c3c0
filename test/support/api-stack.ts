import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApi, type ApiApp } from '../../src/api/app';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestStack, type TestStack } from './stack';

export interface ApiTestStack extends TestStack {
  api: ApiApp;
  baseUrl: string;
  /** Every JSON log line the API wrote. */
  logs: string[];
  http(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<HttpResult>;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The real API listening on a free port, over the same real stack as the workflow tests. */
export async function startApiStack(env: Record<string, string> = {}): Promise<ApiTestStack> {
  // Every request of a test comes from 127.0.0.1: per-client limits are raised unless a test is about them,
  // and counters left by earlier runs are cleared so results never depend on what ran before.
  const stack = await startTestStack({
    RATE_LIMIT_PASSWORD_RESET_PER_CLIENT: '1000',
    RATE_LIMIT_AUTH_PER_CLIENT: '100000',
    ...env,
  });
  await stack.infra.db.rateLimitCounter.deleteMany();
  const logs: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  let api: ApiApp;
  try {
    api = await createApi(stack.infra, pino({ level: 'debug' }, capture));
  } catch (err) {
    await stack.stop();
    throw err;
  }
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...stack,
    api,
    baseUrl,
    logs,
    async http(method, path, { body, token, headers = {} } = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async stop() {
      await api.close();
      await stack.stop();
    },
  };
}

export interface HttpUser {
  id: string;
  email: string;
  token: string;
}

const TEST_PASSWORD = 'correct horse battery 9';

/** Registers a customer through the API and signs them in. */
export async function signUpOverHttp(stack: ApiTestStack, label: string): Promise<HttpUser> {
  const email = `${label}-${randomUUID()}@example.test`;
  const registered = await stack.http('POST', '/auth/register', {
    body: { email, password: TEST_PASSWORD, name: label },
  });
  expect(registered.status).toBe(201);
  const login = await stack.http('POST', '/auth/login', { body: { email, password: TEST_PASSWORD } });
  expect(login.status).toBe(200);
  return { id: registered.body.id as string, email, token: login.body.accessToken as string };
}
