import { evolveSurvey, initialSurveyState, type SurveyState } from '../../src/domain/surveys/survey';
import {
  MAX_COMMENT_LENGTH,
  normalizeComment,
  submitSurvey,
  type SubmitSurvey,
} from '../../src/domain/surveys/survey-decisions';
import { surveyStreamId, type SurveyEvent } from '../../src/domain/surveys/survey-events';
import { refusalCode } from '../support/refusal';

const now = new Date('2027-03-14T21:00:00.000Z');
const given = (...events: SurveyEvent[]): SurveyState => events.reduce(evolveSurvey, initialSurveyState());

const aboutOrder: SubmitSurvey = {
  surveyId: 's1',
  customerId: 'u1',
  orderId: 'o1',
  score: 9,
  comment: 'Great seats',
  now,
};
const withoutOrder: SubmitSurvey = { ...aboutOrder, surveyId: 's2', orderId: null };

describe('survey decisions', () => {
  it('records a new survey with its score, trimmed comment and the time it was decided', () => {
    expect(submitSurvey(initialSurveyState(), { ...aboutOrder, comment: '  Great seats \n' })).toEqual([
      {
        type: 'SurveySubmitted',
        data: {
          surveyId: 's1',
          customerId: 'u1',
          orderId: 'o1',
          score: 9,
          comment: 'Great seats',
          submittedAt: '2027-03-14T21:00:00.000Z',
        },
      },
    ]);
  });

  it('accepts every whole score from 0 to 10 and nothing else', () => {
    for (let score = 0; score <= 10; score++) {
      expect(submitSurvey(initialSurveyState(), { ...aboutOrder, score })[0].data.score).toBe(score);
    }
    for (const score of [-1, 11, 7.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(refusalCode(() => submitSurvey(initialSurveyState(), { ...aboutOrder, score }))).toEqual({
        kind: 'invalid',
        code: 'score_out_of_range',
      });
    }
  });

  it('keeps a blank or missing comment as none, and refuses one over the limit after trimming', () => {
    expect(submitSurvey(initialSurveyState(), { ...aboutOrder, comment: '   ' })[0].data.comment).toBeNull();
    expect(submitSurvey(initialSurveyState(), { ...aboutOrder, comment: null })[0].data.comment).toBeNull();
    expect(normalizeComment(undefined)).toBeNull();
    const longest = 'x'.repeat(MAX_COMMENT_LENGTH);
    expect(submitSurvey(initialSurveyState(), { ...aboutOrder, comment: ` ${longest} ` })[0].data.comment).toBe(
      longest,
    );
    expect(refusalCode(() => submitSurvey(initialSurveyState(), { ...aboutOrder, comment: `${longest}y` }))).toEqual({
      kind: 'invalid',
      code: 'comment_too_long',
    });
  });

  it('decides nothing when the same survey is sent again (a retry), even with other blanks around the comment', () => {
    const state = given(...submitSurvey(initialSurveyState(), aboutOrder));
    const later = new Date(now.getTime() + 60_000);
    expect(submitSurvey(state, { ...aboutOrder, comment: ' Great seats  ', now: later })).toEqual([]);
  });

  it('allows one survey per order: a different score or comment for the same order conflicts', () => {
    const state = given(...submitSurvey(initialSurveyState(), aboutOrder));
    expect(refusalCode(() => submitSurvey(state, { ...aboutOrder, score: 3 }))).toEqual({
      kind: 'conflict',
      code: 'survey_already_submitted',
    });
    expect(refusalCode(() => submitSurvey(state, { ...aboutOrder, comment: null }))).toEqual({
      kind: 'conflict',
      code: 'survey_already_submitted',
    });
  });

  it('refuses a reused idempotency key with a different survey as invalid, and accepts the same one again', () => {
    const state = given(...submitSurvey(initialSurveyState(), withoutOrder));
    expect(submitSurvey(state, withoutOrder)).toEqual([]);
    expect(refusalCode(() => submitSurvey(state, { ...withoutOrder, score: 2 }))).toEqual({
      kind: 'invalid',
      code: 'idempotency_key_reused',
    });
  });

  it('checks the score before anything else, also on a survey submitted already', () => {
    const state = given(...submitSurvey(initialSurveyState(), aboutOrder));
    expect(refusalCode(() => submitSurvey(state, { ...aboutOrder, score: 11 }))).toEqual({
      kind: 'invalid',
      code: 'score_out_of_range',
    });
  });

  it('keeps each survey on a stream of its own', () => {
    expect(surveyStreamId('abc')).toBe('survey-abc');
  });
});
