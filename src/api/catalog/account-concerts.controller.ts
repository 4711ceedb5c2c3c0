import { Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConcertCatalog } from '../../application/catalog/concert-catalog';
import { ConcertManagement } from '../../application/catalog/concert-management';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { scheduleConcertSchema, type ScheduleConcertBody } from './catalog.schemas';
import { EXAMPLE_CONCERT, LEVEL_RULES } from './catalog.examples';

@ApiTags('concerts')
@Controller('accounts')
export class AccountConcertsController {
  constructor(
    private readonly management: ConcertManagement,
    private readonly catalog: ConcertCatalog,
  ) {}

  @Post(':id/concerts')
  @Authenticated()
  @ApiOperation({
    summary: 'Put a concert on sale for an account (its owners and staff, or admins)',
    description:
      "The concert's capacity (the sum of its levels) is taken from the account's totalSeats in the same " +
      'transaction, so concurrent requests can never exceed it.',
  })
  @ApiAnswer(201, 'The concert, on sale (Location: /concerts/{id})', EXAMPLE_CONCERT)
  @ApiProblems({
    400: 'Malformed id or body (wrong types, unknown or missing fields, oversize strings); errors name each field',
    401: 'No valid access token',
    404: 'No such account, or you are not a member of it (the two look the same)',
    422:
      `${LEVEL_RULES}; starts_at_in_past; starts_at_too_far; total_seats_exceeded (the detail names the limit, ` +
      'or that of a plan change already scheduled, and what concerts still to come use)',
  })
  async schedule(
    @ZodParam('id', uuidSchema) accountId: string,
    @ZodBody(scheduleConcertSchema) body: ScheduleConcertBody,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const concertId = await this.management.schedule(accountId, body, user);
    res.location(`/concerts/${concertId}`);
    return this.catalog.get(concertId);
  }
}
