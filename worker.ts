import { exitOnStartupError, loadConfig } from './src/config/config';
import { loadDotEnv } from './src/config/dotenv';
import { createInfrastructure } from './src/infra/infrastructure';
import { createLogger } from './src/infra/logging/logger';
import { routeTemporalLogs } from './src/infra/logging/temporal-logger';
import { ensureBillingSchedule } from './src/infra/temporal/billing-schedule';
import { createTemporalClient } from './src/infra/temporal/client';
import { ensureSupportContractSyncSchedule } from './src/infra/temporal/support-contract-sync-schedule';
import { createWorker } from './src/worker/create-worker';
import { startSurveyExport } from './src/worker/survey-export';

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
  logger.info({ schedule }, 'billing schedule ready');
  // The support-contract sync: its interval follows SUPPORT_CONTRACT_SYNC_INTERVAL as of this start.
  const sync = await ensureSupportContractSyncSchedule(client, config);
  logger.info({ schedule: sync }, 'support-contract sync schedule ready');
  await client.connection.close();
  // Surveys go to the analytics store from here, after commit, in event order.
  const surveyExport = startSurveyExport(infra, logger);
  // worker.run() handles SIGINT/SIGTERM itself: it drains in-flight tasks, then returns.
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  await run();
  await surveyExport.stop();
  await infra.close();
  logger.info({ state: worker.getState() }, 'worker stopped');
}

main().catch(exitOnStartupError);
