import { randomUUID } from 'node:crypto';
import { SurveyCommands } from '../../src/application/surveys/survey-commands';
import { SurveySubmissions, type SurveyInput } from '../../src/application/surveys/survey-submissions';
import { loadConfig } from '../../src/config/config';
import { createInfrastructure, type Infrastructure } from '../../src/infra/infrastructure';
import {
  exportView,
  openTransactions,
  settledExport,
  startWorkerProcess,
  surveyEventsInReadOrder,
  surveysUpTo,
  type ExportView,
  type SurveyEventAt,
  type WorkerProcess,
} from '../support/survey-crash';
import { exportedSurveys } from '../support/surveys';

// The built worker process is killed (SIGKILL, no goodbye) while it exports surveys to the analytics
// side, twice, and a new one takes over each time. At every kill the analytics side holds exactly the
// surveys up to the saved checkpoint (rows and checkpoint commit together, or not at all); in the end
// every survey is there once, as submitted, and no process ever found one there already.

/** Enough for the export to take a dozen batches (500 events each). */
const SURVEYS = 6_000;
const SUBMITTING_AT_ONCE = 16;
const ALREADY_THERE = 'surveys were on the analytics side already';
const taskQueue = `survey-crash-${randomUUID()}`;
/** Every survey of this test is this customer's, which picks its rows out from any other file's. */
const customerId = randomUUID();

let infra: Infrastructure;
const workers: WorkerProcess[] = [];

beforeAll(() => {
  infra = createInfrastructure(loadConfig(process.env));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await infra.close();
});

function startWorker(): WorkerProcess {
  const worker = startWorkerProcess({
    TEMPORAL_TASK_QUEUE: taskQueue,
    SURVEY_EXPORT_INTERVAL: '50ms',
    LOG_LEVEL: 'warn',
  });
  workers.push(worker);
  return worker;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (ids: string[]) => [...ids].sort();

/** Submits the surveys through the application service, a few at a time; their ids, in input order. */
async function submitSurveys(inputs: SurveyInput[]): Promise<string[]> {
  const submissions = new SurveySubmissions(new SurveyCommands(infra.eventStore), {
    requireOwn: async () => undefined,
  });
  const ids: string[] = new Array<string>(inputs.length);
  let next = 0;
  const lane = async () => {
    while (next < inputs.length) {
      const i = next++;
      ids[i] = (await submissions.submit(customerId, inputs[i])).surveyId;
    }
  };
  await Promise.all(Array.from({ length: SUBMITTING_AT_ONCE }, lane));
  return ids;
}

/**
 * Watches the analytics side while `worker` exports, as often as the database answers, until `until`
 * says stop (or the time is up). Every look is one snapshot, in which the rows and the checkpoint
 * must agree; the looks where they did not are returned.
 */
async function watchExport(
  worker: WorkerProcess,
  events: SurveyEventAt[],
  until: (view: ExportView) => boolean,
  timeoutMs: number,
): Promise<{ last: ExportView; looks: number; disagreeing: Array<ExportView & { upToCheckpoint: number }> }> {
  const disagreeing: Array<ExportView & { upToCheckpoint: number }> = [];
  const deadline = Date.now() + timeoutMs;
  for (let looks = 1; ; looks++) {
    const view = await exportView(infra.db, customerId);
    const upToCheckpoint = surveysUpTo(events, view.checkpoint).length;
    if (upToCheckpoint !== view.exported) disagreeing.push({ ...view, upToCheckpoint });
    if (until(view)) return { last: view, looks, disagreeing };
    if (!worker.running()) throw new Error(`the worker process ended on its own:\n${worker.output()}`);
    if (Date.now() > deadline) {
      throw new Error(`${view.exported} of ${SURVEYS} surveys exported in ${timeoutMs} ms:\n${worker.output()}`);
    }
    if (view.exported === 0) await sleep(5);
  }
}

/**
 * Once the transaction a killed process left open has ended: the analytics side holds exactly the
 * surveys whose events are at or before the saved checkpoint (in read order), so rows and checkpoint
 * moved together. Answers that state.
 */
async function expectRowsToMatchCheckpoint(events: SurveyEventAt[]): Promise<ExportView> {
  const settled = await settledExport(infra.db, customerId);
  const upToCheckpoint = surveysUpTo(events, settled.checkpoint);
  const exported = new Set(settled.exportedIds);
  const upTo = new Set(upToCheckpoint);
  expect({
    exported: exported.size,
    upToCheckpoint: upTo.size,
    exportedPastCheckpoint: settled.exportedIds.filter((id) => !upTo.has(id)).length,
    notExportedUpToCheckpoint: upToCheckpoint.filter((id) => !exported.has(id)).length,
  }).toEqual({
    exported: upTo.size,
    upToCheckpoint: upTo.size,
    exportedPastCheckpoint: 0,
    notExportedUpToCheckpoint: 0,
  });
  return { exported: exported.size, checkpoint: settled.checkpoint };
}

/** Waits for the worker process to end, which must be the way given. */
async function expectEnded(worker: WorkerProcess, how: { code: number | null; signal: NodeJS.Signals | null }) {
  const ended = await worker.exited;
  if (ended.code !== how.code || ended.signal !== how.signal) {
    throw new Error(
      `the worker process ended ${JSON.stringify(ended)}, not ${JSON.stringify(how)}:\n${worker.output()}`,
    );
  }
}

/** The statement of a batch that inserts its survey rows. */
const INSERTS_SURVEYS = /INSERT INTO analytics\.survey_responses/;

/**
 * Freezes the worker (SIGSTOP) again and again until it is caught in a batch of these surveys that
 * has inserted its rows and not committed, and leaves it frozen there: it can send nothing more, so
 * what the server shows is where the batch stands. Answers the analytics side as committed then.
 */
async function freezeWithRowsUncommitted(worker: WorkerProcess, events: SurveyEventAt[]): Promise<ExportView> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    worker.child.kill('SIGSTOP');
    // A statement the worker sent before it froze still runs to its end on the server.
    let open = await openTransactions(infra.db);
    while (open.some((t) => t.state === 'active') && Date.now() < deadline) open = await openTransactions(infra.db);
    const view = await exportView(infra.db, customerId);
    const upToCheckpoint = surveysUpTo(events, view.checkpoint).length;
    if (upToCheckpoint < SURVEYS && open.some((t) => INSERTS_SURVEYS.test(t.query))) return view;
    worker.child.kill('SIGCONT');
    if (!worker.running()) throw new Error(`the worker process ended on its own:\n${worker.output()}`);
    if (upToCheckpoint === SURVEYS || Date.now() > deadline) {
      throw new Error(
        `never caught a batch with its rows inserted, with ${view.exported} of ${SURVEYS} surveys exported`,
      );
    }
    await sleep(2);
  }
}

it('workers killed mid-export: the analytics side always matches the checkpoint, and every survey is exported once', async () => {
  const inputs: SurveyInput[] = Array.from({ length: SURVEYS }, (_, i) => ({
    score: i % 11,
    ...(i % 3 === 0 ? { comment: `Crash survey ${i}: the doors opened late` } : {}),
    ...(i % 7 === 0 ? { orderId: randomUUID() } : {}),
  }));
  const ids = await submitSurveys(inputs);
  expect(new Set(ids).size).toBe(SURVEYS);
  const events = await surveyEventsInReadOrder(infra.db, ids);
  expect(events).toHaveLength(SURVEYS);
  expect(await exportView(infra.db, customerId)).toMatchObject({ exported: 0 });

  // 1. Killed as soon as some of the surveys are seen on the analytics side: just after a batch
  //    committed, while the next one is under way.
  const first = startWorker();
  const firstRun = await watchExport(first, events, (v) => v.exported > 0, 120_000);
  first.child.kill('SIGKILL');
  await expectEnded(first, { code: null, signal: 'SIGKILL' });
  expect(firstRun.disagreeing).toEqual([]);
  const atFirstKill = await expectRowsToMatchCheckpoint(events);
  expect(atFirstKill.exported).toBeGreaterThan(0);
  expect(atFirstKill.exported).toBeLessThan(SURVEYS);

  // 2. A new worker carries on from the checkpoint, and is killed in the middle of a batch: its survey
  //    rows inserted, not committed. They are lost, and the checkpoint stays where it was.
  const second = startWorker();
  const secondRun = await watchExport(second, events, (v) => v.exported > atFirstKill.exported, 120_000);
  expect(secondRun.disagreeing).toEqual([]);
  const frozen = await freezeWithRowsUncommitted(second, events);
  second.child.kill('SIGKILL');
  await expectEnded(second, { code: null, signal: 'SIGKILL' });
  const atSecondKill = await expectRowsToMatchCheckpoint(events);
  expect(atSecondKill).toEqual(frozen);
  expect(atSecondKill.exported).toBeGreaterThan(atFirstKill.exported);
  expect(atSecondKill.exported).toBeLessThan(SURVEYS);

  // 3. A third worker exports the rest, and is stopped as `docker stop` would stop it.
  const third = startWorker();
  const thirdRun = await watchExport(
    third,
    events,
    (v) => v.exported === SURVEYS && surveysUpTo(events, v.checkpoint).length === SURVEYS,
    120_000,
  );
  expect(thirdRun.disagreeing).toEqual([]);
  await sleep(500); // the caught-up export looks again every 50 ms: it must find nothing to do twice
  third.child.kill('SIGTERM');
  await expectEnded(third, { code: 0, signal: null });

  // Every survey once, as submitted.
  const rows = await exportedSurveys(infra.db, ids);
  expect(rows).toHaveLength(SURVEYS);
  expect(sorted(rows.map((r) => r.surveyId))).toEqual(sorted(ids));
  const positionOf = new Map(events.map((e) => [e.surveyId, e.at.position]));
  const inputOf = new Map(ids.map((id, i) => [id, inputs[i]]));
  expect(
    rows.map((r) => ({
      surveyId: r.surveyId,
      customerId: r.customerId,
      orderId: r.orderId,
      score: r.score,
      comment: r.comment,
      eventPosition: r.eventPosition,
    })),
  ).toEqual(
    rows.map((r) => ({
      surveyId: r.surveyId,
      customerId,
      orderId: inputOf.get(r.surveyId)!.orderId ?? null,
      score: inputOf.get(r.surveyId)!.score,
      comment: inputOf.get(r.surveyId)!.comment ?? null,
      eventPosition: positionOf.get(r.surveyId),
    })),
  );
  // None processed twice: no process found a survey it was inserting already there.
  for (const worker of [first, second, third]) expect(worker.output()).not.toContain(ALREADY_THERE);
}, 300_000);
