import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink/server';
import { createInfrastructure, type Infrastructure } from '../../src/infra/infrastructure';
import { createLogger } from '../../src/infra/logging/logger';
import { routeTemporalLogs } from '../../src/infra/logging/temporal-logger';
import { createTemporalClient } from '../../src/infra/temporal/client';
import { createWorker } from '../../src/worker/create-worker';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { PROJECT_ROOT } from '../support/paths';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { checkoutRequests, EMAIL_DELIVERY, fillCart, registerFan, scheduleTestConcert, stockOf } from '../support/shop';
import { eventually } from '../support/stack';

// A worker process is killed (SIGKILL, no goodbye) in the middle of a checkout; a new worker takes
// over. The order must complete with one charge and one set of tickets, each emailed once.

const taskQueue = `crash-${randomUUID()}`;
let sink: MailSink;
let proxy: RecordingProxy;
let infra: Infrastructure;
let child: ChildProcess | undefined;

beforeAll(async () => {
  routeTemporalLogs(createLogger('error'));
  sink = await startMailSink();
  proxy = await startRecordingProxy(process.env.STRIPE_MOCK_URL!);
  const env = { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, MAIL_SINK_URL: sink.url, STRIPE_MOCK_URL: proxy.url };
  infra = createInfrastructure(loadConfig(env));
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await infra.close();
  await proxy.close();
  await sink.close();
});

/** The built worker (what `npm start` runs) in a process of its own. */
function startWorkerProcess(): ChildProcess {
  return spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'worker.js')], {
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: taskQueue,
      MAIL_SINK_URL: sink.url,
      STRIPE_MOCK_URL: proxy.url,
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
}

it('a worker killed mid-saga: the next one completes the order with one charge and one set of tickets', async () => {
  const temporal = createTemporalClient(infra.config.temporal);
  const { concertId } = await scheduleTestConcert(infra, [{ code: 'GA', capacity: 10 }]);
  const fan = await registerFan(infra);
  await fillCart(infra, fan.userId, [{ concertId, ticketLevel: 'GA', quantity: 2 }]);
  // The mail provider is down, so the saga is stuck delivering tickets when the worker dies.
  sink.injectFailures({ status: 503, count: 10_000 });

  child = startWorkerProcess();
  const hold = await checkoutRequests(infra, temporal).checkout(fan.userId, randomUUID(), {
    paymentMethodId: 'pm_card_visa',
    delivery: EMAIL_DELIVERY,
  });
  const handle = temporal.workflow.getHandle(checkoutWorkflowId(hold.orderId));
  await eventually(
    async () => ((await infra.db.ticket.count({ where: { orderId: hold.orderId } })) === 2 ? true : undefined),
    60_000,
  );
  child.kill('SIGKILL');
  await new Promise((resolve) => child!.once('exit', resolve));
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect(await infra.db.order.findUnique({ where: { id: hold.orderId } })).toMatchObject({ status: 'Paid' });

  // A new worker, the provider back.
  sink.clearFaults();
  const { worker, run } = await createWorker(infra, {
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
  });
  const running = run();
  try {
    expect((await handle.result()).status).toBe('Fulfilled');
  } finally {
    worker.shutdown();
    await running;
  }

  const charges = proxy.requests.filter(
    (r) =>
      r.method === 'POST' && r.path === '/v1/payment_intents' && r.params.get('metadata[orderId]') === hold.orderId,
  );
  expect(charges).toHaveLength(1);
  expect(new Set(charges.map((c) => c.idempotencyKey)).size).toBe(1);
  expect(await infra.db.ticket.count({ where: { orderId: hold.orderId } })).toBe(2);
  expect(await stockOf(infra, concertId)).toEqual({ GA: { capacity: 10, held: 0, sold: 2 } });
  const mails = sink.messages().filter((m) => m.to.includes(fan.email) && /ticket/i.test(m.subject));
  expect(mails).toHaveLength(2);
  await temporal.connection.close();
}, 180_000);
