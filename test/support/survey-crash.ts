import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SURVEY_EXPORT_CONSUMER } from '../../src/application/surveys/survey-export';
import { surveyStreamId } from '../../src/domain/surveys/survey-events';
import type { Db } from '../../src/infra/db/prisma';
import type { AllCheckpoint } from '../../src/infra/event-store/types';
import { PROJECT_ROOT } from './paths';

/** The built worker (what `npm start` runs) in a process of its own, its output kept. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  running(): boolean;
  /** Resolves once the process has ended, however it ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (when still running) and waits for the process to end. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'worker.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.on('error', (err) => chunks.push(`could not run the worker: ${err.message}\n`));
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close' comes after the output pipes are drained, so output() is then complete.
    child.once('close', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => chunks.join(''),
    running: () => !ended,
    exited,
    async stop(signal) {
      if (!ended) child.kill(signal);
      return exited;
    },
  };
}

/** (transaction id, position): the order in which the export reads events. */
export function isAfter(a: AllCheckpoint, b: AllCheckpoint): boolean {
  return a.transactionId > b.transactionId || (a.transactionId === b.transactionId && a.position > b.position);
}

export interface SurveyEventAt {
  surveyId: string;
  at: AllCheckpoint;
}

/** Where each survey's SurveySubmitted event is, in the order the export reads them. */
export async function surveyEventsInReadOrder(db: Db, surveyIds: string[]): Promise<SurveyEventAt[]> {
  const rows = await db.$queryRaw<Array<{ survey_id: string; transaction_id: string; position: bigint }>>`
    SELECT data->>'surveyId' AS survey_id, transaction_id::text AS transaction_id, position
      FROM events
     WHERE type = 'SurveySubmitted' AND stream_id = ANY(${surveyIds.map(surveyStreamId)}::text[])
     ORDER BY events.transaction_id, events.position`;
  return rows.map((r) => ({
    surveyId: r.survey_id,
    at: { transactionId: BigInt(r.transaction_id), position: BigInt(r.position) },
  }));
}

/** The surveys among `events` that a checkpoint has moved past (at or before it). */
export function surveysUpTo(events: SurveyEventAt[], checkpoint: AllCheckpoint | undefined): string[] {
  return checkpoint ? events.filter((e) => !isAfter(e.at, checkpoint)).map((e) => e.surveyId) : [];
}

export interface ExportView {
  /** Rows on the analytics side for the customer's surveys. */
  exported: number;
  /** The export's checkpoint (undefined before its first batch). */
  checkpoint: AllCheckpoint | undefined;
}

/** The analytics side for one customer's surveys and the export's checkpoint, read in one snapshot. */
export async function exportView(db: Db, customerId: string): Promise<ExportView> {
  const [row] = await db.$queryRaw<Array<{ exported: number; transaction_id: string | null; position: bigint | null }>>`
    SELECT (SELECT count(*)::int FROM analytics.survey_responses WHERE customer_id = ${customerId}::uuid) AS exported,
           cp.transaction_id::text AS transaction_id, cp.position
      FROM (SELECT 1) AS one
      LEFT JOIN analytics.consumer_checkpoints cp ON cp.consumer = ${SURVEY_EXPORT_CONSUMER}`;
  return {
    exported: row.exported,
    checkpoint:
      row.transaction_id === null || row.position === null
        ? undefined
        : { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
  };
}

/**
 * The customer's exported surveys and the export's checkpoint once no batch is open any more: it
 * takes the checkpoint's lock first, as a batch does, so it waits for the transaction a killed
 * process left behind to end (the server rolls it back when it finds the connection gone).
 */
export async function settledExport(
  db: Db,
  customerId: string,
): Promise<{ exportedIds: string[]; checkpoint: AllCheckpoint | undefined }> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`
        SELECT 1 FROM analytics.consumer_checkpoints WHERE consumer = ${SURVEY_EXPORT_CONSUMER} FOR UPDATE`;
      const rows = await tx.$queryRaw<Array<{ survey_id: string }>>`
        SELECT survey_id::text AS survey_id FROM analytics.survey_responses WHERE customer_id = ${customerId}::uuid`;
      const [cp] = await tx.$queryRaw<Array<{ transaction_id: string; position: bigint }>>`
        SELECT transaction_id::text AS transaction_id, position
          FROM analytics.consumer_checkpoints WHERE consumer = ${SURVEY_EXPORT_CONSUMER}`;
      return {
        exportedIds: rows.map((r) => r.survey_id),
        checkpoint: cp && { transactionId: BigInt(cp.transaction_id), position: BigInt(cp.position) },
      };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** What the other sessions on this database are doing inside a transaction: the query each sent last. */
export async function openTransactions(db: Db): Promise<Array<{ state: string; query: string }>> {
  return db.$queryRaw<Array<{ state: string; query: string }>>`
    SELECT state, query FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`;
}
