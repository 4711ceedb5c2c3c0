import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SurveyAnalytics } from '../../application/surveys/survey-analytics';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated } from '../common/auth';
import { ZodQuery } from '../common/validation';
import { EXAMPLE_SURVEY_SUMMARY } from './surveys.examples';
import { surveySummaryQuerySchema, type SurveySummaryQuery } from './surveys.schemas';

@ApiTags('admin')
@Controller('admin/analytics/surveys')
export class AdminSurveyAnalyticsController {
  constructor(private readonly analytics: SurveyAnalytics) {}

  @Get('summary')
  @Authenticated('admin')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Survey responses and NPS from the analytics side (admins)',
    description:
      'Promoters answered 9-10, passives 7-8, detractors 0-6; nps = % promoters - % detractors (one decimal, ' +
      'null without responses). Surveys reach analytics a moment after they are submitted: `exportedThrough` ' +
      'is when the newest exported one was submitted.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'Submitted at or after (ISO-8601 instant)' })
  @ApiQuery({ name: 'to', required: false, description: 'Submitted at or before (ISO-8601 instant)' })
  @ApiAnswer(200, 'Counts and NPS for the period', EXAMPLE_SURVEY_SUMMARY)
  @ApiProblems({
    400: 'from or to not an ISO-8601 instant, to before from, or an unknown query parameter',
    401: 'No valid access token',
    403: 'Admins only',
  })
  summary(@ZodQuery(surveySummaryQuerySchema) query: SurveySummaryQuery) {
    return this.analytics.summary(query);
  }
}
