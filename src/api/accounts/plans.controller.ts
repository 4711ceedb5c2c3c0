import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { PlanAdministration } from '../../application/accounts/plan-administration';
import { PlanQueries } from '../../application/accounts/plan-queries';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { EXAMPLE_PLAN } from './account.examples';
import { createPlanSchema, updatePlanSchema } from './plan.schemas';

const ADMIN_ONLY = { 401: 'No valid access token', 403: 'Not an admin' } as const;

@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(
    private readonly admin: PlanAdministration,
    private readonly plans: PlanQueries,
  ) {}

  @Post()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Create a plan (admins only)' })
  @ApiAnswer(201, 'The new plan', EXAMPLE_PLAN)
  @ApiProblems({
    400: 'Malformed body (wrong types, missing or unknown fields)',
    ...ADMIN_ONLY,
    422: 'A plan rule is broken; `code` names the field (invalid_plan_name, invalid_monthly_price, …)',
  })
  create(@ZodBody(createPlanSchema) body: z.infer<typeof createPlanSchema>, @CurrentUser() admin: AuthenticatedUser) {
    return this.admin.create(body, admin.id);
  }

  @Patch(':id')
  @Authenticated('admin')
  @ApiOperation({
    summary: "Change some of a plan's terms (admins only); accounts keep the package they bought",
  })
  @ApiAnswer(200, 'The plan as it is now', EXAMPLE_PLAN)
  @ApiProblems({
    400: 'Malformed id or body, or no field to change',
    ...ADMIN_ONLY,
    404: 'No such plan',
    409: 'The plan is retired (plan_retired)',
    422: 'A plan rule is broken; `code` names the field',
  })
  update(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(updatePlanSchema) body: z.infer<typeof updatePlanSchema>,
    @CurrentUser() admin: AuthenticatedUser,
  ) {
    return this.admin.update(id, body, admin.id);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Stop offering a plan (admins only); existing accounts keep their package' })
  @ApiAnswer(200, 'The retired plan', { ...EXAMPLE_PLAN, status: 'retired', retiredAt: '2026-11-22T09:00:00.000Z' })
  @ApiProblems({
    400: 'Malformed id',
    ...ADMIN_ONLY,
    404: 'No such plan',
    409: 'The plan is already retired (plan_retired)',
  })
  retire(@ZodParam('id', uuidSchema) id: string, @CurrentUser() admin: AuthenticatedUser) {
    return this.admin.retire(id, admin.id);
  }

  @Get()
  @ApiOperation({ summary: 'Plans on offer, cheapest first (public)' })
  @ApiAnswer(200, 'Active plans', [EXAMPLE_PLAN])
  list() {
    return this.plans.listActive();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One plan, active or retired (public)' })
  @ApiAnswer(200, 'The plan', EXAMPLE_PLAN)
  @ApiProblems({ 400: 'Malformed id', 404: 'No such plan' })
  get(@ZodParam('id', uuidSchema) id: string) {
    return this.plans.get(id);
  }
}
