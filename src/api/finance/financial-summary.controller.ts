import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinancialSummaries } from '../../application/finance/financial-summary';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { EXAMPLE_FINANCIAL_SUMMARY } from './finance.examples';

@ApiTags('payments')
@Controller('me/finance')
export class FinancialSummaryController {
  constructor(private readonly summaries: FinancialSummaries) {}

  @Get()
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: "The signed-in customer's financial summary, per currency",
    description:
      'ongoing: payments still pending; completed: succeeded and not refunded; refunds: refunded payments and ' +
      'the amount given back; totalSpent: succeeded minus refunded. Amounts in minor units, never mixed across ' +
      'currencies.',
  })
  @ApiAnswer(200, 'The summary', EXAMPLE_FINANCIAL_SUMMARY)
  @ApiProblems({ 401: 'Not signed in' })
  summary(@CurrentUser() user: AuthenticatedUser) {
    return this.summaries.of(user.id);
  }
}
