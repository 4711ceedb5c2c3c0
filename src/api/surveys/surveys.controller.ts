import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { SurveySubmissions } from '../../application/surveys/survey-submissions';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { idempotencyKeySchema } from '../common/idempotency-key';
import { ZodBody, ZodHeader } from '../common/validation';
import { EXAMPLE_SURVEY_ACCEPTED } from './surveys.examples';
import { submitSurveySchema, type SubmitSurveyBody } from './surveys.schemas';

@ApiTags('surveys')
@Controller('surveys')
export class SurveysController {
  constructor(private readonly submissions: SurveySubmissions) {}

  @Post()
  @HttpCode(202)
  @Authenticated()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'For a survey without an order: a retry with the same key and body is the same survey',
  })
  @ApiOperation({
    summary: 'Give feedback: a score from 0 to 10, optionally about one of your orders, with a comment',
    description:
      'Accepted at once (202) and passed on to analytics in the background; surveys are not shown back to ' +
      'customers. One survey per order: sending the same one again answers the same surveyId.',
  })
  @ApiAnswer(202, 'Accepted', EXAMPLE_SURVEY_ACCEPTED)
  @ApiProblems({
    400: 'Malformed body (score not a whole number from 0 to 10, comment over 2000 characters, orderId not a uuid, unknown fields) or Idempotency-Key',
    401: 'No valid access token',
    404: 'No such order of yours (order_not_found)',
    409: 'A different survey for this order was submitted already (survey_already_submitted)',
    422: 'The Idempotency-Key was used for a different survey (idempotency_key_reused)',
  })
  submit(
    @CurrentUser() user: AuthenticatedUser,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema.optional()) key: string | undefined,
    @ZodBody(submitSurveySchema) body: SubmitSurveyBody,
  ) {
    return this.submissions.submit(user.id, body, key);
  }
}
