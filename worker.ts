import { exitOnStartupError, loadConfig } from './src/config/config';
import { loadDotEnv } from './src/config/dotenv';
import { createInfrastructure } from './src/infra/infrastructure';
import { createLogger } from './src/infra/logging/logger';
import { routeTemporalLogs } from './src/infra/logging/temporal-logger';
import { createWorker } from './src/worker/create-worker';

/** The Temporal worker: runs every workflow and activity of Boxoffice on one task queue. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.logLevel).child({ component: 'worker' });
  routeTemporalLogs(logger);
  const infra = createInfrastructure(config);
  const { worker, run } = await createWorker(infra);
  // worker.run() handles SIGINT/SIGTERM itself: it drains in-flight tasks, then returns.
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  await run();
  await infra.close();
  logger.info({ state: worker.getState() }, 'worker stopped');
}

main().catch(exitOnStartupError);
