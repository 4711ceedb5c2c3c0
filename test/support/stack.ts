import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../src/config/config';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink/server';
import { createLogger } from '../../src/infra/logging/logger';
import { routeTemporalLogs } from '../../src/infra/logging/temporal-logger';
import { createInfrastructure, type Infrastructure } from '../../src/infra/infrastructure';
import { createTemporalClient } from '../../src/infra/temporal/client';
import { createWorker } from '../../src/worker/create-worker';

export interface TestStack {
  config: Config;
  infra: Infrastructure;
  sink: MailSink;
  temporal: Client;
  stop(): Promise<void>;
}

/**
 * The real thing, wired for one test file: the test database, the run's Temporal dev server, a
 * worker on a task queue of its own (so files never pick up each other's workflows) and a mail sink.
 */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  routeTemporalLogs(createLogger(process.env.LOG_LEVEL === 'silent' ? 'error' : (process.env.LOG_LEVEL ?? 'error')));
  const sink = await startMailSink();
  const config = loadConfig({
    ...process.env,
    MAIL_SINK_URL: sink.url,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    ...env,
  });
  const infra = createInfrastructure(config);
  const { worker, run } = await createWorker(infra, {
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
  });
  const running = run();
  const temporal = createTemporalClient(config.temporal);
  return {
    config,
    infra,
    sink,
    temporal,
    async stop() {
      worker.shutdown();
      await running;
      await temporal.connection.close();
      await infra.close();
      await sink.close();
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
