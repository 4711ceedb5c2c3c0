import { exitOnStartupError, loadConfig } from './src/config/config';
import { loadDotEnv } from './src/config/dotenv';
import { createInfrastructure } from './src/infra/infrastructure';
import { createLogger } from './src/infra/logging/logger';
import { routeTemporalLogs } from './src/infra/logging/temporal-logger';
import { ensureBillingSchedule } from './src/infra/temporal/billing-schedule';
import { createTemporalClient } from './src/infra/temporal/client';
import { createWorker } from './src/worker/create-worker';

/** The Temporal worker: runs every workflow and activity of Boxoffice on one task queue. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel).child({ component: 'worker' });
  routeTemporalLogs(logger);
  const infra = createInfrastructure(config);
  const { worker, run } = await createWorker(infra);
  // The monthly billing run: created on the first start, brought up to date on every later one.
  const client = createTemporalClient(config.temporal);
  const schedule = await ensureBillingSchedule(client, config);
  await client.connection.close();
  logger.info({ schedule }, 'billing schedule ready');
  // worker.run() handles SIGINT/SIGTERM itself: it drains in-flight tasks, then returns.
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  await run();
  await infra.close();
  logger.info({ state: worker.getState() }, 'worker stopped');
}

main().catch(exitOnStartupError);
