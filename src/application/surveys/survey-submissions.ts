import { randomUUID } from 'node:crypto';
import { sha256 } from '../../infra/crypto/sha256';
import { deterministicId } from '../../infra/event-store/ids';
import { normalizeComment, submitSurvey } from '../../domain/surveys/survey-decisions';
import type { OrderQueries } from '../orders/order-queries';
import type { SurveyCommands } from './survey-commands';

export interface SurveyInput {
  orderId?: string;
  score: number;
  comment?: string;
}

/**
 * Feedback surveys, recorded straight from the request: one event, no workflow and no read model.
 * The analytics export picks the event up after commit.
 */
export class SurveySubmissions {
  constructor(
    private readonly surveys: SurveyCommands,
    private readonly orders: Pick<OrderQueries, 'requireOwn'>,
  ) {}

  /**
   * A survey about an order has the id of that order's survey, so there is one per order. Without
   * an order, an Idempotency-Key names the survey (a retry finds it), else every call is a new one.
   */
  async submit(customerId: string, input: SurveyInput, idempotencyKey?: string): Promise<{ surveyId: string }> {
    const orderId = input.orderId ?? null;
    if (orderId) await this.orders.requireOwn(customerId, orderId);
    const surveyId = orderId
      ? deterministicId('survey', customerId, 'order', orderId)
      : idempotencyKey
        ? deterministicId('survey', customerId, 'idempotency-key', idempotencyKey)
        : randomUUID();
    const content = { orderId, score: input.score, comment: normalizeComment(input.comment) };
    await this.surveys.execute(
      surveyId,
      (state) => submitSurvey(state, { surveyId, customerId, ...content, now: new Date() }),
      {
        // Same survey, same answer: same event id, so a retry racing the first request writes nothing.
        operationId: `survey-submitted:${surveyId}:${sha256(JSON.stringify(content))}`,
        metadata: { actor: customerId, correlationId: `survey-${surveyId}` },
      },
    );
    return { surveyId };
  }
}
