import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SurveyCommands } from '../src/application/surveys/survey-commands';
import { surveyExport } from '../src/application/surveys/survey-export';
import { SurveySubmissions } from '../src/application/surveys/survey-submissions';
import { loadConfig } from '../src/config/config';
import { supportTicketStreamId } from '../src/domain/support-tickets/support-ticket-events';
import { deterministicId } from '../src/infra/event-store/ids';
import { START_OF_ALL, type AllCheckpoint } from '../src/infra/event-store/types';
import { createInfrastructure, type Infrastructure } from '../src/infra/infrastructure';
import { createLogger } from '../src/infra/logging/logger';
import { envCount } from './config';
import { countEvents, withAdmin } from './database';
import { resetCatalog, settleTables } from './http/catalog-data';
import { createPingApp } from './http/ping-app';
import { percentile, throughput } from './stats';
import { startCheckoutStack, type CheckoutStack } from './support/checkout-stack';
import { mapLimit } from './support/concurrency';
import { describeFailures, runPostLoad, type PostRequest } from './support/post-load';
import { prepareBuyers, registerCustomer } from './support/shop';
import type { SurveyExportRow, TicketDrainRow, TicketIntakeRow } from './support/support-intake-rows';
import type { BenchContext, BenchEntry, BenchRow } from './types';

const SUITE = 'support-intake';
/** Each customer registers, then answers this many surveys, so the surveys sit among other events. */
const SURVEYS_PER_CUSTOMER = 2;
const PARALLEL = 16;
const CONSUMER_PREFIX = 'bench-survey-export-';

interface Settings {
  surveys: number;
  /** Events per read, for the export's batches and the read-all floor alike. */
  batchSize: number;
  tickets: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** Requests sent to each target before its measured run; the warm-up's tickets join the backlog. */
  warmup: number;
}

function settings(): Settings {
  return {
    surveys: envCount('BENCH_SURVEYS', 20_000, 2_000),
    batchSize: envCount('BENCH_SURVEY_BATCH', 500, 500),
    tickets: envCount('BENCH_SUPPORT_TICKETS', 1_000, 200),
    concurrency: envCount('BENCH_SUPPORT_CONCURRENCY', 20, 20),
    warmup: envCount('BENCH_SUPPORT_WARMUP', 100, 40),
  };
}

/**
 * The two ways customers reach the back office without waiting for it. Surveys: appended as events,
 * then exported to the analytics schema by the checkpointed consumer, beside eventStore.readAll
 * alone over the same range. Tickets: POST /support/tickets over HTTP while no worker polls the
 * task queue, beside a do-nothing POST in the same run; then a worker starts and works the backlog off.
 */
export const supportIntakeBench: BenchEntry = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const load = settings();
    const surveys = await surveyExportRows(ctx.databaseUrl, load);
    const tickets = await ticketRows(ctx.databaseUrl, load);
    return [...surveys, ...tickets];
  },
};

// ---------------------------------------------------------------------------------------------
// Survey export

interface Pass {
  events: number;
  surveys: number;
  batches: number;
  wallMs: number;
}

async function surveyExportRows(databaseUrl: string, load: Settings): Promise<SurveyExportRow[]> {
  await resetCatalog(databaseUrl);
  await resetSurveyExports(databaseUrl);
  const infra = createInfrastructure(
    loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      // A bootstrap admin from the developer's shell has no business in the bench database.
      BOOTSTRAP_ADMIN_EMAIL: undefined,
      BOOTSTRAP_ADMIN_PASSWORD: undefined,
    }),
  );
  const consumer = `${CONSUMER_PREFIX}${randomUUID()}`;
  try {
    const prepared = Date.now();
    const surveyIds = await submitSurveys(infra, load.surveys);
    await settleTables(databaseUrl);
    // The events table was emptied above: everything in it now is the range both passes read.
    const events = await countEvents(databaseUrl);
    const preparedIn = seconds(Date.now() - prepared);
    process.stderr.write(`bench: ${load.surveys} surveys among ${events} events appended in ${preparedIn} s\n`);

    await awaitReadable(databaseUrl);
    const before = await countResponses(databaseUrl);
    // An unmeasured pass first, so both measured ones find the range in Postgres's buffers.
    await readRange(infra, load.batchSize);
    process.stderr.write(`bench: eventStore.readAll over ${events} events, ${load.batchSize} at a time\n`);
    const read = await readRange(infra, load.batchSize);
    process.stderr.write(`bench: surveyExport as ${consumer}, runBatch() until caught up\n`);
    const exported = await drainExport(infra, consumer, load.batchSize);

    const after = await countResponses(databaseUrl, surveyIds);
    const exportedIds = new Set(exported.exported);
    const problems = [
      read.events !== events && `readAll returned ${read.events} of ${events} events`,
      read.surveys !== load.surveys && `readAll returned ${read.surveys} surveys, not ${load.surveys}`,
      exported.events !== events && `the export read ${exported.events} events, not ${events}`,
      exported.exported.length !== load.surveys && `the export wrote ${exported.exported.length}, not ${load.surveys}`,
      exported.alreadyPresent > 0 &&
        `the export found ${exported.alreadyPresent} surveys on the analytics side already`,
      surveyIds.some((id) => !exportedIds.has(id)) && 'the export wrote other surveys than the ones submitted',
      after.total - before.total !== load.surveys &&
        `analytics.survey_responses grew by ${after.total - before.total} rows, not ${load.surveys}`,
      after.matching !== load.surveys &&
        `analytics.survey_responses has ${after.matching} of the ${load.surveys} surveys submitted`,
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) throw new Error(`${SUITE} survey check failed:\n  - ${problems.join('\n  - ')}`);

    const row = (scenario: string, pass: Pass): SurveyExportRow => ({
      kind: 'survey-export',
      suite: SUITE,
      scenario,
      surveys: pass.surveys,
      events: pass.events,
      batchSize: load.batchSize,
      batches: pass.batches,
      wallMs: pass.wallMs,
      surveysPerSec: throughput(pass.surveys, pass.wallMs),
      eventsPerSec: throughput(pass.events, pass.wallMs),
    });
    const floor = row('read-all', read);
    const exportRow = row('export', { ...exported, surveys: exported.exported.length });
    exportRow.exported = after.total - before.total;
    exportRow.ratio = exportRow.wallMs / floor.wallMs;
    return [floor, exportRow];
  } finally {
    await forgetConsumer(databaseUrl, consumer);
    await infra.close();
  }
}

/**
 * Surveys through the application service the API uses (no order named, so no order is looked up),
 * each customer registered on their user stream first; customers run 16 at a time, so the events of
 * both kinds interleave in the store. Returns the survey ids.
 */
async function submitSurveys(infra: Infrastructure, count: number): Promise<string[]> {
  const submissions = new SurveySubmissions(new SurveyCommands(infra.eventStore), {
    requireOwn: () => Promise.reject(new Error('no bench survey names an order')),
  });
  const customers = Array.from({ length: Math.ceil(count / SURVEYS_PER_CUSTOMER) }, (_, c) => c);
  const ids = await mapLimit(customers, PARALLEL, async (c) => {
    const { userId } = await registerCustomer(infra);
    const surveyIds: string[] = [];
    for (let i = c * SURVEYS_PER_CUSTOMER; i < Math.min(count, (c + 1) * SURVEYS_PER_CUSTOMER); i++) {
      const comment = i % 3 === 0 ? `Bench survey ${i + 1}: the doors opened late.` : undefined;
      const { surveyId } = await submissions.submit(userId, { score: i % 11, comment });
      surveyIds.push(surveyId);
    }
    return surveyIds;
  });
  return ids.flat();
}

/** The floor: readAll from the start of all, batch after batch until a short one, as the consumer reads. */
async function readRange(infra: Infrastructure, batchSize: number): Promise<Pass> {
  let after: AllCheckpoint = START_OF_ALL;
  const pass = { events: 0, surveys: 0, batches: 0 };
  const started = performance.now();
  for (;;) {
    const events = await infra.eventStore.readAll(after, batchSize);
    pass.batches += 1;
    pass.events += events.length;
    pass.surveys += events.filter((e) => e.type === 'SurveySubmitted').length;
    if (events.length < batchSize) break;
    const last = events[events.length - 1];
    after = { transactionId: last.transactionId, position: last.position };
  }
  return { ...pass, wallMs: performance.now() - started };
}

/** A consumer of a name never used before, so it starts at the start of all: runBatch() until caught up. */
async function drainExport(infra: Infrastructure, name: string, batchSize: number) {
  const exporter = surveyExport(infra.db, infra.eventStore, { name, batchSize });
  const exported: string[] = [];
  let alreadyPresent = 0;
  let events = 0;
  let batches = 0;
  const started = performance.now();
  for (;;) {
    const batch = await exporter.runBatch();
    batches += 1;
    events += batch.read;
    exported.push(...batch.handled.exported);
    alreadyPresent += batch.handled.alreadyPresent.length;
    if (batch.caughtUp) break;
  }
  return { events, batches, exported, alreadyPresent, wallMs: performance.now() - started };
}

/**
 * readAll hands out only events older than every transaction still running anywhere on the server,
 * so a transaction left open elsewhere (another database's tests) would cut both passes short.
 * Waits, unmeasured, until no transaction older than the last event is running: from then on the
 * whole range stays readable.
 */
async function awaitReadable(databaseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reported = Date.now();
  for (;;) {
    const held = await withAdmin(databaseUrl, async (client) => {
      const { rows } = await client.query<{ held: string }>(
        'SELECT count(*) AS held FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())',
      );
      return Number(rows[0].held);
    });
    if (held === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${SUITE}: ${held} events still held back by older transactions after ${timeoutMs / 1000} s`);
    }
    if (Date.now() - reported > 5000) {
      process.stderr.write(`bench: ${held} events held back by an older transaction elsewhere on the server\n`);
      reported = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Empties the analytics side the bench writes to, so every run inserts into a table of the same
 * size, and drops the checkpoints of the bench's consumers left by an interrupted run.
 */
async function resetSurveyExports(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    await client.query('TRUNCATE analytics.survey_responses');
    await client.query('DELETE FROM analytics.consumer_checkpoints WHERE starts_with(consumer, $1)', [CONSUMER_PREFIX]);
  });
}

async function forgetConsumer(databaseUrl: string, consumer: string): Promise<void> {
  await withAdmin(databaseUrl, (client) =>
    client.query('DELETE FROM analytics.consumer_checkpoints WHERE consumer = $1', [consumer]),
  );
}

/** Rows in analytics.survey_responses: all of them, and those of `surveyIds`. */
async function countResponses(databaseUrl: string, surveyIds: string[] = []) {
  return withAdmin(databaseUrl, async (client) => {
    const { rows } = await client.query<{ total: string; matching: string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE survey_id = ANY($1::uuid[])) AS matching
         FROM analytics.survey_responses`,
      [surveyIds],
    );
    return { total: Number(rows[0].total), matching: Number(rows[0].matching) };
  });
}

// ---------------------------------------------------------------------------------------------
// Ticket intake and drain

interface Submission {
  request: PostRequest;
  ticketId: string;
}

async function ticketRows(databaseUrl: string, load: Settings): Promise<Array<TicketIntakeRow | TicketDrainRow>> {
  // The API on a task queue of its own that no worker polls until startWorker().
  const stack = await startCheckoutStack(databaseUrl, { deferWorker: true });
  try {
    const pingUrl = await startPing(stack);
    const prepared = Date.now();
    const customers = await prepareBuyers(
      stack.infra,
      Array.from({ length: load.warmup + load.tickets }, () => []),
    );
    await settleTables(databaseUrl);
    process.stderr.write(`bench: ${customers.length} customers prepared in ${seconds(Date.now() - prepared)} s\n`);

    // One ticket per customer, each with an Idempotency-Key, so its id is known before it is recorded.
    const submissions: Submission[] = customers.map((customer, i) => {
      const key = randomUUID();
      return {
        request: {
          headers: { authorization: `Bearer ${customer.token}`, 'idempotency-key': key },
          body: {
            subject: `Tickets not received (${i + 1})`,
            body: 'I paid for two tickets yesterday but got no email.',
          },
        },
        ticketId: deterministicId(customer.userId, 'support-ticket', key),
      };
    });
    const warmup = submissions.slice(0, load.warmup).map((s) => s.request);
    const measured = submissions.slice(load.warmup).map((s) => s.request);

    // The floor first, so the ticket row can be divided by it; both get the same requests.
    const targets = [
      { scenario: 'ping', label: 'POST /ping', url: `${pingUrl}/ping` },
      { scenario: 'submit', label: 'POST /support/tickets', url: `${stack.apiUrl}/support/tickets` },
    ];
    const rows: TicketIntakeRow[] = [];
    for (const target of targets) {
      process.stderr.write(`bench: ${target.label}: warm-up, ${warmup.length} at ${load.concurrency} in flight\n`);
      await intake(target, warmup, load.concurrency);
      process.stderr.write(`bench: ${target.label}: ${measured.length} at ${load.concurrency} in flight\n`);
      rows.push(await intake(target, measured, load.concurrency));
    }
    const [ping, submit] = rows;
    submit.ratio = submit.requestsPerSec / ping.requestsPerSec;

    const drain = await drainBacklog(
      databaseUrl,
      stack,
      submissions.map((s) => s.ticketId),
    );
    return [...rows, drain];
  } finally {
    await stack.close();
  }
}

/** The do-nothing POST /ping beside the API, in the same process, stopped with the stack. */
async function startPing(stack: CheckoutStack): Promise<string> {
  const ping = await createPingApp(createLogger(stack.config.logLevel).child({ component: 'ping' }));
  stack.onClose(() => ping.close());
  await ping.listen(0, '127.0.0.1');
  const { port } = ping.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Every request sent, at most `concurrency` in flight; any answer but 202 fails the run. */
async function intake(
  target: { scenario: string; label: string; url: string },
  requests: PostRequest[],
  concurrency: number,
): Promise<TicketIntakeRow> {
  const { results } = await runPostLoad({ url: target.url, requests, mode: { kind: 'burst', concurrency } });
  const failed = results.filter((r) => r.status !== 202);
  if (failed.length > 0) {
    throw new Error(`${target.label}: ${failed.length} of ${results.length} not 202: ${describeFailures(failed)}`);
  }
  // In burst mode every request is due at the start.
  const elapsedMs = Math.max(...results.map((r) => r.answeredAt)) - results[0].dueAt;
  const latencies = results.map((r) => r.answeredAt - r.sentAt);
  return {
    kind: 'ticket-intake',
    suite: SUITE,
    scenario: target.scenario,
    target: target.label,
    concurrency,
    requests: results.length,
    accepted: results.length - failed.length,
    elapsedMs,
    requestsPerSec: throughput(results.length, elapsedMs),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Checks that nothing was recorded while no worker ran and that a workflow waits for every ticket,
 * then starts the worker and waits until support_tickets has them all. The times are read from the
 * events afterwards, so the polling interval is not in the figures.
 */
async function drainBacklog(databaseUrl: string, stack: CheckoutStack, ticketIds: string[]): Promise<TicketDrainRow> {
  const { db } = stack.infra;
  const recordedCount = () => db.supportTicket.count({ where: { id: { in: ticketIds } } });
  const early = await recordedCount();
  if (early > 0) throw new Error(`${SUITE}: ${early} tickets were recorded before any worker ran`);
  await awaitWaiting(stack, ticketIds.length);

  const creating = Date.now();
  await stack.startWorker();
  const startedAt = Date.now();
  process.stderr.write(
    `bench: worker created in ${seconds(startedAt - creating)} s; draining ${ticketIds.length} tickets\n`,
  );
  const deadline = startedAt + 120_000 + ticketIds.length * 100;
  let reported = startedAt;
  for (;;) {
    const recorded = await recordedCount();
    if (recorded === ticketIds.length) break;
    if (Date.now() > deadline) {
      throw new Error(
        `${SUITE}: ${recorded} of ${ticketIds.length} tickets recorded after ${seconds(Date.now() - startedAt)} s`,
      );
    }
    if (Date.now() - reported > 5000) {
      process.stderr.write(`bench: ${recorded} of ${ticketIds.length} tickets recorded\n`);
      reported = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const { first, last, submitted } = await withAdmin(databaseUrl, async (client) => {
    const { rows } = await client.query<{ first: Date; last: Date; submitted: string }>(
      `SELECT min(recorded_at) AS first, max(recorded_at) AS last, count(*) AS submitted FROM events
        WHERE type = 'SupportTicketSubmitted' AND stream_id = ANY($1::text[])`,
      [ticketIds.map(supportTicketStreamId)],
    );
    return rows[0];
  });
  if (Number(submitted) !== ticketIds.length) {
    throw new Error(`${SUITE}: ${submitted} SupportTicketSubmitted events for ${ticketIds.length} tickets`);
  }
  const drainMs = last.getTime() - startedAt;
  return {
    kind: 'ticket-drain',
    suite: SUITE,
    tickets: ticketIds.length,
    firstMs: first.getTime() - startedAt,
    drainMs,
    ticketsPerSec: throughput(ticketIds.length, drainMs),
    recorded: await recordedCount(),
  };
}

/** Every accepted ticket has a workflow waiting on the task queue (visibility may lag a moment). */
async function awaitWaiting(stack: CheckoutStack, expected: number): Promise<void> {
  const query = `TaskQueue = '${stack.config.temporal.taskQueue}' AND ExecutionStatus = 'Running'`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { count } = await stack.temporal.workflow.count(query);
    if (count === expected) return;
    if (Date.now() > deadline) throw new Error(`${SUITE}: ${count} workflows waiting, not ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
