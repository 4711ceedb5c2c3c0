// Facts about one feedback survey, on its own stream (`survey-<surveyId>`). Surveys have no
// customer-facing read model: the only reader is the export to the analytics store.

/** A customer's answer to "how likely are you to recommend us?" (0..10), with an optional comment. */
export type SurveySubmitted = {
  type: 'SurveySubmitted';
  data: {
    surveyId: string;
    customerId: string;
    /** The order the survey is about, or null for feedback about nothing in particular. */
    orderId: string | null;
    score: number;
    /** Trimmed; null when none was given. */
    comment: string | null;
    submittedAt: string;
  };
};

export type SurveyEvent = SurveySubmitted;

export const SURVEY_EVENT_TYPES: ReadonlyArray<SurveyEvent['type']> = ['SurveySubmitted'];

export const SURVEY_STREAM_TYPE = 'survey';
export const surveyStreamId = (surveyId: string): string => `survey-${surveyId}`;
