import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BillingRuns } from '../../application/billing-runs/billing-runs';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { periodSchema, startBillingRunSchema } from './billing-runs.schemas';

const EXAMPLE_PROGRESS = {
  period: '2026-10',
  total: 1200,
  started: 1200,
  alreadyBilled: 0,
  invoiced: 1200,
  paid: 1150,
  failed: 50,
  emailed: 1180,
  uncollectible: 0,
  errors: 0,
  phase: 'finishing',
  workflowId: 'billing-run-2026-10',
  status: 'RUNNING',
};

@ApiTags('admin')
@Controller('admin/billing-runs')
export class BillingRunsController {
  constructor(private readonly runs: BillingRuns) {}

  @Post()
  @HttpCode(202)
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Start the billing run of a period by hand',
    description:
      'Invoices every account active during the period that has no invoice for it yet. While a run of the ' +
      'period is going on, answers that run. Watch it with GET /admin/billing-runs/{period} or in the Temporal ' +
      'Web UI (workflow id `billing-run-<period>`).',
  })
  @ApiAnswer(202, 'The run is started (or was running already)', {
    period: '2026-10',
    workflowId: 'billing-run-2026-10',
  })
  @ApiProblems({
    400: 'Malformed period (YYYY-MM)',
    401: 'No valid access token',
    403: 'Admins only',
    422: 'period_in_future: the month has not begun',
  })
  start(@ZodBody(startBillingRunSchema) body: { period: string }) {
    return this.runs.start(body.period);
  }

  @Get(':period')
  @Authenticated('admin')
  @ApiOperation({ summary: "A billing run's progress, as the run workflow counts it" })
  @ApiAnswer(200, 'The counts so far', EXAMPLE_PROGRESS)
  @ApiProblems({
    400: 'Malformed period (YYYY-MM)',
    401: 'No valid access token',
    403: 'Admins only',
    404: 'billing_run_not_found: no run of this period was started',
  })
  progress(@ZodParam('period', periodSchema) period: string) {
    return this.runs.progress(period);
  }
}
