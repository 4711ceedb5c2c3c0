import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AccountAccess } from '../../application/accounts/account-access';
import { AccountOpening } from '../../application/accounts/account-opening';
import { AccountPlanChanges } from '../../application/accounts/account-plan-changes';
import { AccountQueries } from '../../application/accounts/account-queries';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { openAccountSchema, schedulePlanChangeSchema } from './account.schemas';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { EXAMPLE_ACCOUNT, EXAMPLE_PLAN_CHANGE } from './account.examples';

const NOT_VISIBLE = 'No such account, or you are not a member of it (the two look the same)';

@ApiTags('accounts')
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly access: AccountAccess,
    private readonly opening: AccountOpening,
    private readonly planChanges: AccountPlanChanges,
    private readonly accounts: AccountQueries,
  ) {}

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Subscribe to a plan: opens an account with you as its owner' })
  @ApiAnswer(201, "The new account, with a copy of the plan's package", {
    ...EXAMPLE_ACCOUNT,
    seatsInUse: 0,
    scheduledPlanChange: null,
  })
  @ApiProblems({
    400: 'Malformed body',
    401: 'No valid access token',
    422: 'The plan is unknown or retired (plan_not_available), or the name is empty or too long',
  })
  open(@ZodBody(openAccountSchema) body: z.infer<typeof openAccountSchema>, @CurrentUser() user: AuthenticatedUser) {
    return this.opening.open(body, user.id);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The accounts you belong to, with your role in each' })
  @ApiAnswer(200, 'Your accounts, by name', [
    {
      id: EXAMPLE_ACCOUNT.id,
      name: EXAMPLE_ACCOUNT.name,
      role: 'owner',
      package: EXAMPLE_ACCOUNT.package,
      seatsInUse: 800,
    },
  ])
  @ApiProblems({ 401: 'No valid access token' })
  mine(@CurrentUser() user: AuthenticatedUser) {
    return this.accounts.listFor(user.id);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'An account: package, members, seats in use, scheduled plan change (members and admins)' })
  @ApiAnswer(200, 'The account', EXAMPLE_ACCOUNT)
  @ApiProblems({ 400: 'Malformed id', 401: 'No valid access token', 404: NOT_VISIBLE })
  async get(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    await this.access.assertMember(id, user);
    return this.accounts.get(id);
  }

  @Post(':id/plan')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Move the account to another plan from the next billing period (owners and admins)' })
  @ApiAnswer(200, 'The scheduled change', EXAMPLE_PLAN_CHANGE)
  @ApiProblems({
    400: 'Malformed id or body',
    401: 'No valid access token',
    403: 'A member who is not an owner (owner_required)',
    404: NOT_VISIBLE,
    422:
      'The plan is unknown or retired (plan_not_available), is the current one (plan_unchanged), or is too small ' +
      'for the account (plan_user_limit_too_low, plan_total_seats_too_low)',
  })
  async schedulePlanChange(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(schedulePlanChangeSchema) body: z.infer<typeof schedulePlanChangeSchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.access.assertOwner(id, user);
    return this.planChanges.schedule(id, body.planId, user.id);
  }
}
