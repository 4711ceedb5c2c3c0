import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createApi, type ApiApp } from '../../src/api/app';
import { loadConfig, type Config } from '../../src/config/config';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink/server';
import { createInfrastructure, type Infrastructure } from '../../src/infra/infrastructure';
import { createLogger } from '../../src/infra/logging/logger';
import { createTemporalClient } from '../../src/infra/temporal/client';
import { createWorker } from '../../src/worker/create-worker';
import { startStripeMock } from './stripe-mock';
import { bundleWorkflows, startTemporalServer } from './temporal-server';

export interface CheckoutStack {
  config: Config;
  /** The API's infrastructure (its own connection pool, as in its own process). */
  infra: Infrastructure;
  api: ApiApp;
  apiUrl: string;
  /** A client of the bench's own, for visibility queries, apart from the API's. */
  temporal: Client;
  sink: MailSink;
  /** The bundle of StackOptions.extraWorkflowsPath, when asked for. */
  extraWorkflowCode?: string;
  /** Starts the worker of a stack built with StackOptions.deferWorker (throws if it runs already). */
  startWorker(): Promise<void>;
  /** Closed in reverse order by close(). */
  onClose(closer: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Bundled beside the checkout's workflows, so both bundles are built in parallel. */
  extraWorkflowsPath?: string;
  /**
   * No worker until startWorker() is called: until then nothing polls the task queue, so whatever
   * the API starts waits there, as it would while the back office is down.
   */
  deferWorker?: boolean;
}

/**
 * The whole checkout path in this process: an ephemeral Temporal dev server, stripe-mock, the mail
 * sink, the real worker (the production workflow bundle, every activity; started later with
 * StackOptions.deferWorker) and the real API on a free port. The API and the worker get separate
 * infrastructures, as they would in separate processes.
 */
export async function startCheckoutStack(databaseUrl: string, options: StackOptions = {}): Promise<CheckoutStack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    // Whatever started is closed again, even when something else failed to start.
    const started = <T>(promise: Promise<T>, closer: (value: T) => Promise<void>) =>
      promise.then((value) => {
        closers.push(() => closer(value));
        return value;
      });
    const starting = [
      started(startTemporalServer(), (s) => s.stop()),
      started(startStripeMock(), (s) => s.stop()),
      started(startMailSink(), (s) => s.close()),
      bundleWorkflows(require.resolve('../../src/workflows')),
      options.extraWorkflowsPath ? bundleWorkflows(options.extraWorkflowsPath) : undefined,
    ] as const;
    await Promise.allSettled(starting);
    const [server, stripe, sink, checkoutCode, extraWorkflowCode] = await Promise.all(starting);
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      // Request logging off; the line is still built, as in production, just not written.
      LOG_LEVEL: 'silent',
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: `bench-checkout-${randomUUID()}`,
      TEMPORAL_TLS: 'false',
      TEMPORAL_API_KEY: undefined,
      STRIPE_SECRET_KEY: undefined,
      STRIPE_MOCK_URL: stripe.url,
      SENDGRID_API_KEY: undefined,
      MAIL_SINK_URL: sink.url,
      // A bootstrap admin from the developer's shell has no business in the bench database.
      BOOTSTRAP_ADMIN_EMAIL: undefined,
      BOOTSTRAP_ADMIN_PASSWORD: undefined,
    });

    let workerStarted = false;
    const startWorker = async () => {
      if (workerStarted) throw new Error('the worker of this stack runs already');
      workerStarted = true;
      const workerInfra = createInfrastructure(config);
      closers.push(() => workerInfra.close());
      const worker = await createWorker(workerInfra, { workflowBundle: { code: checkoutCode } });
      const running = worker.run();
      closers.push(async () => {
        worker.worker.shutdown();
        await running;
      });
    };
    if (!options.deferWorker) await startWorker();

    const infra = createInfrastructure(config);
    closers.push(() => infra.close());
    const api = await createApi(infra, createLogger(config.logLevel).child({ component: 'api' }));
    closers.push(() => api.close());
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;

    const temporal = createTemporalClient(config.temporal);
    closers.push(() => temporal.connection.close());
    return {
      config,
      infra,
      api,
      apiUrl: `http://127.0.0.1:${port}`,
      temporal,
      sink,
      extraWorkflowCode,
      startWorker,
      onClose: (closer) => closers.push(closer),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
