import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SurveyCommands } from '../../src/application/surveys/survey-commands';
import {
  SURVEY_EXPORT_CONSUMER,
  surveyExport,
  type SurveyExport,
  type SurveyExportResult,
} from '../../src/application/surveys/survey-export';
import { SurveySubmissions } from '../../src/application/surveys/survey-submissions';
import { loadConfig } from '../../src/config/config';
import { surveyStreamId, type SurveySubmitted } from '../../src/domain/surveys/survey-events';
import { readAnalyticsCheckpoint } from '../../src/infra/analytics/consumer-checkpoints';
import type { Tx } from '../../src/infra/db/prisma';
import type { BatchResult } from '../../src/infra/event-store/checkpointed-consumer';
import type { AllCheckpoint, AppendResult } from '../../src/infra/event-store/types';
import { createInfrastructure, type Infrastructure } from '../../src/infra/infrastructure';
import { startSurveyExport } from '../../src/worker/survey-export';
import { eventually } from '../support/stack';
import { alreadyPresentIn, drain, exportedBy, exportedSurveys, surveyAppend } from '../support/surveys';

type Batches = Array<BatchResult<SurveyExportResult>>;

class SimulatedCrash extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const checkpointOf = (r: AppendResult): AllCheckpoint => r.checkpoint;
const isAfter = (a: AllCheckpoint, b: AllCheckpoint) =>
  a.transactionId > b.transactionId || (a.transactionId === b.transactionId && a.position > b.position);

/**
 * The survey export on real Postgres: the event store and the analytics schema in one database, the
 * export's batches each one transaction. Every test drains the export first, so it starts with
 * everything earlier exported, and looks only at surveys it submitted itself.
 */
describe('survey export to the analytics side (real Postgres)', () => {
  let infra: Infrastructure;
  const open: Array<{ rollback(): Promise<void> }> = [];

  beforeAll(() => {
    infra = createInfrastructure(loadConfig({ ...process.env, SURVEY_EXPORT_INTERVAL: '100ms' }));
  });

  beforeEach(async () => {
    await drain(surveyExport(infra.db, infra.eventStore));
  });

  afterEach(async () => {
    // A failed test must not leave a transaction open that holds every reader of all events back.
    await Promise.allSettled(open.splice(0).map((t) => t.rollback()));
  });

  afterAll(async () => {
    await infra.close();
  });

  const exporter = (options: Parameters<typeof surveyExport>[2] = {}): SurveyExport =>
    surveyExport(infra.db, infra.eventStore, options);

  /** Appends surveys one transaction each, in order; their ids and where each ended up. */
  async function submitSurveys(scores: number[]): Promise<Array<{ surveyId: string; checkpoint: AllCheckpoint }>> {
    const submitted = [];
    for (const [i, score] of scores.entries()) {
      const { surveyId, append } = surveyAppend({ score, comment: i % 2 ? `comment ${i}` : null });
      submitted.push({ surveyId, checkpoint: checkpointOf(await infra.eventStore.append([append])) });
    }
    return submitted;
  }

  /**
   * Runs batches until all `surveyIds` are on the analytics side. A batch may find nothing while some
   * other transaction on the server is open (readers wait for it), so this polls, within a deadline.
   */
  async function exportUntil(consumer: SurveyExport, surveyIds: string[], batches: Batches = []): Promise<Batches> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const batch = await consumer.runBatch();
      batches.push(batch);
      const done = new Set(exportedBy(batches));
      if (surveyIds.every((id) => done.has(id))) return batches;
      if (Date.now() > deadline)
        throw new Error(`surveys not exported in time: ${surveyIds.filter((id) => !done.has(id))}`);
      if (batch.caughtUp) await sleep(25);
    }
  }

  const mine = (ids: string[], of: string[]) => ids.filter((id) => of.includes(id));

  /** A transaction kept open until the test commits it (or the test ends). */
  async function openTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<{ value: T; commit(): Promise<void> }> {
    let finish!: (how: 'commit' | 'rollback') => void;
    const finished = new Promise<'commit' | 'rollback'>((r) => (finish = r));
    let ready!: (value: T) => void;
    const started = new Promise<T>((r) => (ready = r));
    const done = infra.db
      .$transaction(
        async (tx) => {
          ready(await work(tx));
          if ((await finished) === 'rollback') throw new SimulatedCrash('rolled back');
        },
        { maxWait: 10_000, timeout: 30_000 },
      )
      .catch((err: unknown) => {
        if (!(err instanceof SimulatedCrash)) throw err;
      });
    const value = await Promise.race([started, done.then(() => Promise.reject(new Error('ended before ready')))]);
    const end = async (how: 'commit' | 'rollback') => {
      finish(how);
      await done;
    };
    open.push({ rollback: () => end('rollback') });
    return { value, commit: () => end('commit') };
  }

  it('exports every survey exactly once, in order, as it was submitted', async () => {
    const submissions = new SurveySubmissions(new SurveyCommands(infra.eventStore), {
      requireOwn: async () => undefined,
    });
    const customerId = randomUUID();
    const orderId = randomUUID();
    const inputs = [
      { score: 10, comment: '  Loved it ' },
      { score: 0 },
      { score: 7, orderId },
      { score: 9, comment: 'Quick entry' },
      { score: 6 },
      { score: 8, comment: '   ' },
      { score: 3, comment: 'Queue too long' },
    ];
    const ids: string[] = [];
    for (const input of inputs) ids.push((await submissions.submit(customerId, input)).surveyId);

    const batches = await exportUntil(exporter({ batchSize: 3 }), ids);

    expect(mine(exportedBy(batches), ids)).toEqual(ids);
    expect(alreadyPresentIn(batches)).toEqual([]);
    const events = await Promise.all(ids.map(async (id) => (await infra.eventStore.readStream(surveyStreamId(id)))[0]));
    expect(await exportedSurveys(infra.db, ids)).toEqual(
      events.map((e) => {
        const data = e.data as SurveySubmitted['data'];
        return { ...data, eventPosition: e.position };
      }),
    );
    expect((await exportedSurveys(infra.db, ids)).map((r) => [r.score, r.comment, r.orderId])).toEqual([
      [10, 'Loved it', null],
      [0, null, null],
      [7, null, orderId],
      [9, 'Quick entry', null],
      [6, null, null],
      [8, null, null],
      [3, 'Queue too long', null],
    ]);

    // Caught up: another run reads nothing and exports nothing.
    const again = await drain(exporter());
    expect(exportedBy(again)).toEqual([]);
  });

  it('after a crash mid-batch resumes from its checkpoint: no survey lost, none exported twice', async () => {
    const submitted = await submitSurveys([9, 2, 10, 7, 5, 8, 1]);
    const ids = submitted.map((s) => s.surveyId);
    const before = await readAnalyticsCheckpoint(infra.db, SURVEY_EXPORT_CONSUMER);

    // The second batch that exports any of these surveys fails after its inserts, before commit.
    let exportingBatches = 0;
    let insertedBeforeCrash: string[] = [];
    const crashing = exporter({
      batchSize: 2,
      beforeCommit: async (tx, { handled }) => {
        if (mine(handled.exported, ids).length === 0) return;
        exportingBatches += 1;
        if (exportingBatches < 2) return;
        // The inserts really happened in this transaction ...
        insertedBeforeCrash = (await exportedSurveys(tx, ids)).map((r) => r.surveyId);
        throw new SimulatedCrash('the process died before commit');
      },
    });
    const committed: Batches = [];
    let crash: unknown;
    const deadline = Date.now() + 20_000;
    while (!crash && Date.now() < deadline) {
      try {
        const batch = await crashing.runBatch();
        committed.push(batch);
        if (batch.caughtUp) await sleep(25);
      } catch (err) {
        crash = err;
      }
    }
    expect(crash).toBeInstanceOf(SimulatedCrash);

    // ... and were lost with the checkpoint: only the batch that committed is on the analytics side.
    const committedIds = mine(exportedBy(committed), ids);
    expect(committedIds).toEqual(ids.slice(0, committedIds.length));
    expect(committedIds.length).toBeGreaterThan(0);
    expect(insertedBeforeCrash.length).toBeGreaterThan(committedIds.length);
    expect((await exportedSurveys(infra.db, ids)).map((r) => r.surveyId)).toEqual(committedIds);
    const atCrash = await readAnalyticsCheckpoint(infra.db, SURVEY_EXPORT_CONSUMER);
    expect(atCrash).toEqual(committed[committed.length - 1].checkpoint);
    expect(isAfter(atCrash!, before!)).toBe(true);
    expect(isAfter(submitted[committedIds.length].checkpoint, atCrash!)).toBe(true);

    // A fresh consumer (a restarted process) carries on from the checkpoint.
    const resumed = await exportUntil(exporter(), ids.slice(committedIds.length));
    const all = [...committed, ...resumed];
    expect(mine(exportedBy(all), ids)).toEqual(ids);
    expect(mine(exportedBy(resumed), ids)).toEqual(ids.slice(committedIds.length));
    expect(alreadyPresentIn(all)).toEqual([]);
    const rows = await exportedSurveys(infra.db, ids);
    expect(rows.map((r) => r.surveyId)).toEqual(ids);
    expect(rows).toHaveLength(submitted.length);
  });

  it('does not skip a survey whose transaction commits after a later one: it waits for it', async () => {
    const a = surveyAppend({ score: 4, comment: 'committed late' });
    const b = surveyAppend({ score: 10 });
    // A takes its position (and transaction id) first and stays open ...
    const held = await openTransaction((tx) => infra.eventStore.appendIn(tx, [a.append]));
    // ... while B, with a later position, commits.
    const bResult = await infra.eventStore.append([b.append]);
    expect(bResult.lastPosition).toBeGreaterThan(held.value.lastPosition);
    expect(bResult.checkpoint.transactionId).toBeGreaterThan(held.value.checkpoint.transactionId);

    const whileOpen = await drain(exporter());
    await drain(exporter());
    expect(mine(exportedBy(whileOpen), [a.surveyId, b.surveyId])).toEqual([]);
    expect(await exportedSurveys(infra.db, [a.surveyId, b.surveyId])).toEqual([]);
    // The checkpoint stays short of A's transaction, so it cannot pass A.
    const waiting = await readAnalyticsCheckpoint(infra.db, SURVEY_EXPORT_CONSUMER);
    expect(waiting!.transactionId).toBeLessThan(held.value.checkpoint.transactionId);

    await held.commit();
    const after = await exportUntil(exporter(), [a.surveyId, b.surveyId]);
    expect(mine(exportedBy(after), [a.surveyId, b.surveyId])).toEqual([a.surveyId, b.surveyId]);
    expect(alreadyPresentIn(after)).toEqual([]);
    expect((await exportedSurveys(infra.db, [a.surveyId, b.surveyId])).map((r) => r.comment)).toEqual([
      'committed late',
      null,
    ]);
  });

  it('has two consumers running at once take turns: each survey exported once', async () => {
    const ids = (await submitSurveys([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 5])).map((s) => s.surveyId);
    // A pause before commit widens the window in which the other consumer would read the same batch.
    const slow = () =>
      exporter({
        batchSize: 2,
        beforeCommit: async (_tx, { handled }) => void (handled.exported.length && (await sleep(30))),
      });
    const [first, second] = [slow(), slow()];
    const batches: [Batches, Batches] = [[], []];
    const allExported = () => {
      const done = new Set(exportedBy([...batches[0], ...batches[1]]));
      return ids.every((id) => done.has(id));
    };
    const run = async (consumer: SurveyExport, into: Batches) => {
      const deadline = Date.now() + 20_000;
      while (!allExported() && Date.now() < deadline) {
        const batch = await consumer.runBatch();
        into.push(batch);
        if (batch.caughtUp) await sleep(10);
      }
    };
    await Promise.all([run(first, batches[0]), run(second, batches[1])]);

    const byFirst = mine(exportedBy(batches[0]), ids);
    const bySecond = mine(exportedBy(batches[1]), ids);
    expect([...byFirst, ...bySecond].sort()).toEqual([...ids].sort());
    expect(byFirst.filter((id) => bySecond.includes(id))).toEqual([]);
    expect(byFirst.length).toBeGreaterThan(0);
    expect(bySecond.length).toBeGreaterThan(0);
    expect(alreadyPresentIn([...batches[0], ...batches[1]])).toEqual([]);
    expect(await exportedSurveys(infra.db, ids)).toHaveLength(ids.length);
  });

  it('passes over events that are not surveys, and still moves its checkpoint past them', async () => {
    const other = (n: number) => ({
      streamId: `survey-export-test-${randomUUID()}`,
      streamType: 'survey-export-test',
      expectedVersion: 0,
      events: [{ eventId: randomUUID(), type: 'SurveyExportTestHappened', data: { n } }],
    });
    const survey = surveyAppend({ score: 8 });
    await infra.eventStore.append([survey.append]);
    const last = await infra.eventStore.append([other(1)]);

    const batches = await exportUntil(exporter(), [survey.surveyId]);
    batches.push(...(await drain(exporter())));
    expect(mine(exportedBy(batches), [survey.surveyId])).toEqual([survey.surveyId]);
    expect(exportedBy(batches)).toEqual([survey.surveyId]);
    expect(await readAnalyticsCheckpoint(infra.db, SURVEY_EXPORT_CONSUMER)).toEqual(last.checkpoint);

    // A batch of nothing but other events exports nothing and moves the checkpoint all the same.
    const only = await infra.eventStore.append([other(2)]);
    const passedOver = await eventually(async () => {
      const run = await drain(exporter());
      const checkpoint = await readAnalyticsCheckpoint(infra.db, SURVEY_EXPORT_CONSUMER);
      return checkpoint && !isAfter(only.checkpoint, checkpoint) ? run : undefined;
    }, 20_000);
    expect(exportedBy(passedOver)).toEqual([]);
    expect(passedOver.reduce((n, b) => n + b.read, 0)).toBeGreaterThanOrEqual(1);
    expect(await readAnalyticsCheckpoint(infra.db, SURVEY_EXPORT_CONSUMER)).toEqual(only.checkpoint);
  });

  describe('in the worker (startSurveyExport)', () => {
    function capturedLogger() {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      return { logger: pino({ level: 'debug' }, stream), lines };
    }

    it('exports as surveys come in, and stops between batches when asked', async () => {
      const { logger } = capturedLogger();
      const loop = startSurveyExport(infra, logger);
      const first = await submitSurveys([9, 3]);
      await eventually(
        async () =>
          (
            await exportedSurveys(
              infra.db,
              first.map((s) => s.surveyId),
            )
          ).length === 2
            ? true
            : undefined,
        20_000,
      );
      await loop.stop();

      // Stopped: a survey submitted now stays where it is ...
      const [late] = await submitSurveys([6]);
      await sleep(500);
      expect(await exportedSurveys(infra.db, [late.surveyId])).toEqual([]);
      // ... until the next start picks it up from the checkpoint.
      const restarted = startSurveyExport(infra, logger);
      try {
        await eventually(
          async () => ((await exportedSurveys(infra.db, [late.surveyId])).length ? true : undefined),
          20_000,
        );
      } finally {
        await restarted.stop();
      }
    });

    it('logs a failed batch without the survey content, and retries it until it goes through', async () => {
      const { logger, lines } = capturedLogger();
      const secret = `private remark ${randomUUID()}`;
      const { surveyId, append } = surveyAppend({ score: 2, comment: secret });
      await infra.eventStore.append([append]);
      let failures = 0;
      const failing = exporter({
        beforeCommit: async (_tx, { handled }) => {
          if (handled.exported.includes(surveyId) && failures < 2) {
            failures += 1;
            throw new SimulatedCrash(`cannot write ${secret}`);
          }
        },
      });
      const loop = startSurveyExport(infra, logger, failing);
      try {
        await eventually(async () => ((await exportedSurveys(infra.db, [surveyId])).length ? true : undefined), 20_000);
      } finally {
        await loop.stop();
      }
      expect(failures).toBe(2);
      expect((await exportedSurveys(infra.db, [surveyId])).map((r) => r.comment)).toEqual([secret]);
      const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string; error?: unknown });
      expect(errors.filter((l) => l.msg === 'survey export failed; will retry')).toHaveLength(2);
      expect(errors.find((l) => l.msg === 'survey export failed; will retry')?.error).toEqual({ name: 'Error' });
      expect(lines.join('\n')).not.toContain(secret);
    });
  });
});
