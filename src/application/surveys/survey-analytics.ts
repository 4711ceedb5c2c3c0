import type { Db } from '../../infra/db/prisma';
import {
  countSurveyScores,
  newestExportedSubmission,
  type SubmittedRange,
} from '../../infra/analytics/survey-responses';
import { summarizeScores, type SurveyScoreSummary } from '../../domain/surveys/nps';

export interface SurveySummaryView extends SurveyScoreSummary {
  from: string | null;
  to: string | null;
  /**
   * Submission time of the newest survey on the analytics side (whatever the range), null before
   * the first: surveys submitted since may not have been exported yet.
   */
  exportedThrough: string | null;
}

/** Survey figures for admins, from the analytics side only (the customer side keeps no surveys). */
export class SurveyAnalytics {
  constructor(private readonly db: Db) {}

  async summary(range: SubmittedRange): Promise<SurveySummaryView> {
    const [counts, newest] = await Promise.all([countSurveyScores(this.db, range), newestExportedSubmission(this.db)]);
    return {
      from: range.from?.toISOString() ?? null,
      to: range.to?.toISOString() ?? null,
      ...summarizeScores(counts.scoreCounts, counts.withComment),
      exportedThrough: newest?.toISOString() ?? null,
    };
  }
}
