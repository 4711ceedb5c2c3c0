import { z } from 'zod';
import { MAX_COMMENT_LENGTH, MAX_SCORE, MIN_SCORE } from '../../domain/surveys/survey-decisions';
import { instantSchema } from '../common/instant';
import { uuidSchema } from '../common/uuid';

// Shape only (400): a whole-number score in range, a comment within its cap, a uuid order id. Whether
// the order is yours (404) and whether it has a survey already (409) are answered further in.

export const submitSurveySchema = z
  .strictObject({
    orderId: uuidSchema
      .nullish()
      .transform((id) => id ?? undefined)
      .meta({ description: 'One of your orders, if the survey is about it (one survey per order)' }),
    score: z
      .number()
      .int('must be a whole number')
      .min(MIN_SCORE)
      .max(MAX_SCORE)
      .meta({ description: `How likely you are to recommend us, ${MIN_SCORE} to ${MAX_SCORE}`, example: 9 }),
    comment: z
      .string()
      .trim()
      .max(MAX_COMMENT_LENGTH)
      .nullish()
      .transform((comment) => comment || undefined)
      .meta({ description: `Up to ${MAX_COMMENT_LENGTH} characters, trimmed; blank counts as none` }),
  })
  .meta({
    example: { orderId: 'b3c1d2e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e', score: 9, comment: 'Smooth checkout, great seats.' },
  });

export type SubmitSurveyBody = z.output<typeof submitSurveySchema>;

const boundary = (description: string) =>
  instantSchema.optional().meta({ description, example: '2027-03-01T00:00:00Z' });

export const surveySummaryQuerySchema = z
  .strictObject({
    from: boundary('Surveys submitted at or after this instant (ISO-8601 with a time zone)'),
    to: boundary('Surveys submitted at or before this instant (ISO-8601 with a time zone)'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

export type SurveySummaryQuery = z.output<typeof surveySummaryQuerySchema>;
