import type { SurveySummaryView } from '../../application/surveys/survey-analytics';

export const EXAMPLE_SURVEY_ACCEPTED = { surveyId: '9b2f6c1e-3d4a-5b6c-8d7e-1f2a3b4c5d6e' };

export const EXAMPLE_SURVEY_SUMMARY: SurveySummaryView = {
  from: '2027-03-01T00:00:00.000Z',
  to: null,
  responses: 7,
  promoters: 3,
  passives: 2,
  detractors: 2,
  nps: 14.3,
  averageScore: 7.14,
  scoreCounts: [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2],
  withComment: 4,
  exportedThrough: '2027-03-14T21:04:11.000Z',
};
