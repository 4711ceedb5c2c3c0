import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveSurvey, initialSurveyState, type SurveyState } from '../../domain/surveys/survey';
import { SURVEY_STREAM_TYPE, surveyStreamId, type SurveyEvent } from '../../domain/surveys/survey-events';

export const surveyAggregate: AggregateType<SurveyState, SurveyEvent> = {
  streamType: SURVEY_STREAM_TYPE,
  streamId: surveyStreamId,
  initialState: initialSurveyState,
  evolve: evolveSurvey,
};

/** Commands on survey streams. */
export class SurveyCommands extends AggregateCommands<SurveyState, SurveyEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, surveyAggregate);
  }
}
