import { randomUUID } from 'node:crypto';
import type { SurveyExport, SurveyExportResult } from '../../src/application/surveys/survey-export';
import type { Db, Tx } from '../../src/infra/db/prisma';
import type { BatchResult } from '../../src/infra/event-store/checkpointed-consumer';
import { deterministicId } from '../../src/infra/event-store/ids';
import type { StreamAppend } from '../../src/infra/event-store/types';
import { initialSurveyState } from '../../src/domain/surveys/survey';
import { submitSurvey } from '../../src/domain/surveys/survey-decisions';
import { SURVEY_STREAM_TYPE, surveyStreamId } from '../../src/domain/surveys/survey-events';

/** A survey's append as the API makes it, for tests that need to choose the transaction it commits in. */
export function surveyAppend(input: {
  score: number;
  comment?: string | null;
  orderId?: string | null;
  customerId?: string;
}): { surveyId: string; append: StreamAppend } {
  const surveyId = randomUUID();
  const events = submitSurvey(initialSurveyState(), {
    surveyId,
    customerId: input.customerId ?? randomUUID(),
    orderId: input.orderId ?? null,
    score: input.score,
    comment: input.comment ?? null,
    now: new Date(),
  });
  return {
    surveyId,
    append: {
      streamId: surveyStreamId(surveyId),
      streamType: SURVEY_STREAM_TYPE,
      expectedVersion: 0,
      events: events.map((e) => ({ ...e, eventId: deterministicId('test-survey', surveyId) })),
    },
  };
}

export interface ExportedSurvey {
  surveyId: string;
  customerId: string;
  orderId: string | null;
  score: number;
  comment: string | null;
  submittedAt: string;
  eventPosition: bigint;
}

/** The rows of the analytics side for these surveys, in event order. */
export async function exportedSurveys(client: Pick<Tx, '$queryRaw'>, surveyIds: string[]): Promise<ExportedSurvey[]> {
  const rows = await client.$queryRaw<
    Array<{
      survey_id: string;
      customer_id: string;
      order_id: string | null;
      score: number;
      comment: string | null;
      submitted_at: Date;
      event_position: bigint;
    }>
  >`SELECT survey_id::text, customer_id::text, order_id::text, score::int AS score, comment, submitted_at, event_position
      FROM analytics.survey_responses WHERE survey_id = ANY(${surveyIds}::uuid[]) ORDER BY event_position`;
  return rows.map((r) => ({
    surveyId: r.survey_id,
    customerId: r.customer_id,
    orderId: r.order_id,
    score: r.score,
    comment: r.comment,
    submittedAt: r.submitted_at.toISOString(),
    eventPosition: BigInt(r.event_position),
  }));
}

export async function countRows(db: Db, table: 'events' | 'analytics.survey_responses'): Promise<number> {
  const [{ n }] = await db.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

/** Runs batches until the export has caught up; every batch's result, in order. */
export async function drain(
  exporter: SurveyExport,
  maxBatches = 1_000,
): Promise<Array<BatchResult<SurveyExportResult>>> {
  const batches: Array<BatchResult<SurveyExportResult>> = [];
  for (let i = 0; i < maxBatches; i++) {
    const batch = await exporter.runBatch();
    batches.push(batch);
    if (batch.caughtUp) return batches;
  }
  throw new Error(`the survey export did not catch up in ${maxBatches} batches`);
}

export const exportedBy = (batches: Array<BatchResult<SurveyExportResult>>): string[] =>
  batches.flatMap((b) => b.handled.exported);
export const alreadyPresentIn = (batches: Array<BatchResult<SurveyExportResult>>): string[] =>
  batches.flatMap((b) => b.handled.alreadyPresent);
