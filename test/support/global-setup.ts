import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createServer } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { applyMigrations, ensureDatabase } from '../../src/infra/db/migrations';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { dropTestDatabase } from './fresh-database';
import { MIGRATIONS_DIR, STRIPE_MOCK_BIN, TEMPORAL_BIN, TEST_DATABASE_URL } from './paths';

/**
 * One real stack for the whole run: the test database (new and migrated), an ephemeral Temporal dev server
 * from the installed CLI, and stripe-mock on a free port. Their addresses reach the tests through
 * the environment, which is how the application reads them too.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.DATABASE_URL = TEST_DATABASE_URL;
  await dropTestDatabase(TEST_DATABASE_URL);
  await ensureDatabase(TEST_DATABASE_URL);
  await applyMigrations(TEST_DATABASE_URL, MIGRATIONS_DIR);

  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_BIN },
      ip: '127.0.0.1',
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      log: { format: 'pretty', level: 'error' },
    },
  });
  process.env.TEMPORAL_ADDRESS = env.address;
  globalThis.__TEMPORAL_ENV__ = env;

  // Bundled once per run: every test worker loads the same code instead of bundling again.
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    logger: quietLogger,
  });
  const bundlePath = join(tmpdir(), `boxoffice-workflows-${process.pid}.js`);
  writeFileSync(bundlePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;

  const port = await freePort();
  const stripeMock = spawn(STRIPE_MOCK_BIN, ['-http-port', String(port), '-https-port', String(await freePort())], {
    stdio: 'ignore',
  });
  globalThis.__STRIPE_MOCK__ = stripeMock;
  process.env.STRIPE_MOCK_URL = `http://127.0.0.1:${port}`;
  await waitForPort(port);
}

const quiet = () => undefined;
const quietLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/balance`, {
        headers: { authorization: 'Bearer sk_test_123' },
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stripe-mock did not start on port ${port}`);
}
