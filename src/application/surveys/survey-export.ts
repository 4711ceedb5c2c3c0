import type { Db } from '../../infra/db/prisma';
import { analyticsCheckpoints } from '../../infra/analytics/consumer-checkpoints';
import { insertSurveyResponses, type SurveyResponseRow } from '../../infra/analytics/survey-responses';
import { CheckpointedConsumer, type CheckpointedConsumerOptions } from '../../infra/event-store/checkpointed-consumer';
import type { EventStore } from '../../infra/event-store/event-store';
import type { RecordedEvent } from '../../infra/event-store/types';
import { SURVEY_EVENT_TYPES, type SurveySubmitted } from '../../domain/surveys/survey-events';

export const SURVEY_EXPORT_CONSUMER = 'survey-export';

/** What one batch of the export did, by survey id, in event order. */
export interface SurveyExportResult {
  /** Written to the analytics side by this batch. */
  exported: string[];
  /** Found there already and left alone: the checkpoint should make this never happen. */
  alreadyPresent: string[];
}

export type SurveyExport = CheckpointedConsumer<SurveyExportResult>;

/**
 * The export of surveys to the analytics side: every SurveySubmitted event, once, in the order the
 * event store makes safe, into `analytics.survey_responses`. Options are for tests (a consumer of
 * their own, small batches, a failure injected before commit).
 */
export function surveyExport(
  db: Db,
  eventStore: EventStore,
  options: Partial<Pick<CheckpointedConsumerOptions<SurveyExportResult>, 'name' | 'batchSize' | 'beforeCommit'>> = {},
): SurveyExport {
  return new CheckpointedConsumer(db, eventStore, {
    name: SURVEY_EXPORT_CONSUMER,
    checkpoints: analyticsCheckpoints,
    handles: SURVEY_EVENT_TYPES,
    async handle(tx, events) {
      const rows = events.map(responseOf);
      const exported = await insertSurveyResponses(tx, rows);
      const stored = new Set(exported);
      return { exported, alreadyPresent: rows.map((r) => r.surveyId).filter((id) => !stored.has(id)) };
    },
    ...options,
  });
}

function responseOf(recorded: RecordedEvent): SurveyResponseRow {
  const { data } = recorded as unknown as RecordedEvent<SurveySubmitted['data']>;
  return {
    surveyId: data.surveyId,
    customerId: data.customerId,
    orderId: data.orderId,
    score: data.score,
    comment: data.comment,
    submittedAt: new Date(data.submittedAt),
    eventPosition: recorded.position,
  };
}
