import { refuse } from '../shared/errors';
import type { SurveyState } from './survey';
import type { SurveySubmitted } from './survey-events';

export const MIN_SCORE = 0;
export const MAX_SCORE = 10;
export const MAX_COMMENT_LENGTH = 2000;

export interface SubmitSurvey {
  surveyId: string;
  customerId: string;
  orderId: string | null;
  score: number;
  comment: string | null;
  now: Date;
}

/** A comment as it is kept: trimmed, and none at all when only blanks were sent. */
export function normalizeComment(comment: string | null | undefined): string | null {
  const trimmed = comment?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * Submits a survey. A survey id names one survey (one per order, or one per idempotency key), so
 * the same answer sent again decides nothing, while a different answer under the same id is refused:
 * a second survey for an order conflicts (409), another body under a reused key is invalid (422).
 */
export function submitSurvey(state: SurveyState, cmd: SubmitSurvey): SurveySubmitted[] {
  if (!Number.isInteger(cmd.score) || cmd.score < MIN_SCORE || cmd.score > MAX_SCORE) {
    refuse('invalid', 'score_out_of_range', `The score must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}`);
  }
  const comment = normalizeComment(cmd.comment);
  if (comment !== null && comment.length > MAX_COMMENT_LENGTH) {
    refuse('invalid', 'comment_too_long', `The comment must be at most ${MAX_COMMENT_LENGTH} characters`);
  }
  const previous = state.submitted;
  if (previous) {
    const same =
      previous.customerId === cmd.customerId &&
      previous.orderId === cmd.orderId &&
      previous.score === cmd.score &&
      previous.comment === comment;
    if (same) return [];
    if (previous.orderId !== null) {
      refuse('conflict', 'survey_already_submitted', 'A survey for this order was submitted already');
    }
    refuse('invalid', 'idempotency_key_reused', 'This Idempotency-Key was used for a different survey');
  }
  return [
    {
      type: 'SurveySubmitted',
      data: {
        surveyId: cmd.surveyId,
        customerId: cmd.customerId,
        orderId: cmd.orderId,
        score: cmd.score,
        comment,
        submittedAt: cmd.now.toISOString(),
      },
    },
  ];
}
