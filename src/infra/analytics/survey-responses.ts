import { SCORE_BUCKETS } from '../../domain/surveys/nps';
import type { Tx } from '../db/prisma';

/** One survey as the analytics side keeps it. */
export interface SurveyResponseRow {
  surveyId: string;
  customerId: string;
  orderId: string | null;
  score: number;
  comment: string | null;
  submittedAt: Date;
  eventPosition: bigint;
}

/** Answers per score over a period, as stored on the analytics side. */
export interface SurveyScoreCounts {
  /** Index = score, 0..10. */
  scoreCounts: number[];
  withComment: number;
}

/** Submission times, inclusive at both ends; either may be open. */
export interface SubmittedRange {
  from?: Date;
  to?: Date;
}

type Client = Pick<Tx, '$queryRaw'>;

/**
 * Stores responses, in the given order; a survey already stored is left as it is (the export's
 * checkpoint keeps that from happening: this is the second guard). Answers the ids stored now.
 */
export async function insertSurveyResponses(tx: Client, rows: SurveyResponseRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.$queryRaw<Array<{ survey_id: string }>>`
    INSERT INTO analytics.survey_responses
           (survey_id, customer_id, order_id, score, comment, submitted_at, event_position)
    SELECT * FROM unnest(
      ${rows.map((r) => r.surveyId)}::uuid[], ${rows.map((r) => r.customerId)}::uuid[],
      ${rows.map((r) => r.orderId)}::uuid[], ${rows.map((r) => r.score)}::smallint[],
      ${rows.map((r) => r.comment)}::text[], ${rows.map((r) => r.submittedAt.toISOString())}::timestamptz[],
      ${rows.map((r) => r.eventPosition.toString())}::bigint[])
    ON CONFLICT (survey_id) DO NOTHING
    RETURNING survey_id::text AS survey_id`;
  const stored = new Set(inserted.map((r) => r.survey_id));
  return rows.map((r) => r.surveyId).filter((id) => stored.has(id));
}

export async function countSurveyScores(client: Client, range: SubmittedRange): Promise<SurveyScoreCounts> {
  const rows = await client.$queryRaw<Array<{ score: number; responses: bigint; with_comment: bigint }>>`
    SELECT score::int AS score, count(*) AS responses, count(comment) AS with_comment
      FROM analytics.survey_responses
     WHERE (${range.from ?? null}::timestamptz IS NULL OR submitted_at >= ${range.from ?? null}::timestamptz)
       AND (${range.to ?? null}::timestamptz IS NULL OR submitted_at <= ${range.to ?? null}::timestamptz)
     GROUP BY score`;
  const scoreCounts = Array.from({ length: SCORE_BUCKETS }, () => 0);
  let withComment = 0;
  for (const row of rows) {
    scoreCounts[row.score] = Number(row.responses);
    withComment += Number(row.with_comment);
  }
  return { scoreCounts, withComment };
}

/** When the newest survey the export has delivered to the analytics side was submitted (null before any). */
export async function newestExportedSubmission(client: Client): Promise<Date | null> {
  const [row] = await client.$queryRaw<Array<{ newest: Date | null }>>`
    SELECT max(submitted_at) AS newest FROM analytics.survey_responses`;
  return row?.newest ?? null;
}
