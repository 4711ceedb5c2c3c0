import { Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ConcertCancellations } from '../../application/catalog/concert-cancellations';
import { ConcertCatalog } from '../../application/catalog/concert-catalog';
import { ConcertManagement } from '../../application/catalog/concert-management';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import {
  cancelConcertSchema,
  changeConcertDetailsSchema,
  changeTicketLevelsSchema,
  listConcertsQuerySchema,
  type CancelConcertBody,
  type ChangeConcertDetailsBody,
  type ChangeTicketLevelsBody,
  type ListConcertsQuery,
} from './catalog.schemas';
import { EXAMPLE_CONCERT, EXAMPLE_CONCERT_PAGE, LEVEL_RULES } from './catalog.examples';
import { ApiPageQuery } from '../common/pagination';

const MANAGE_REFUSALS = {
  401: 'No valid access token',
  403: "You are not an owner or staff member of the concert's account, nor an admin (not_concert_organizer)",
  404: 'No such concert (concert_not_found)',
} as const;

@ApiTags('concerts')
@Controller('concerts')
export class ConcertsController {
  constructor(
    private readonly management: ConcertManagement,
    private readonly catalog: ConcertCatalog,
    private readonly cancellations: ConcertCancellations,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Concerts on sale (not cancelled, still ahead), soonest first',
    description: 'Pages with `limit` and the opaque `nextCursor` of the previous page; filters combine.',
  })
  @ApiPageQuery()
  @ApiQuery({ name: 'artist', required: false, description: 'Part of the artist name, any case', example: 'exam' })
  @ApiQuery({ name: 'city', required: false, description: 'The city, any case', example: 'berlin' })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'Starting at or after (ISO-8601 with a time zone, 1970 to 9999)',
    example: '2027-03-01T00:00:00Z',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'Starting before (ISO-8601 with a time zone, 1970 to 9999)',
    example: '2027-04-01T00:00:00Z',
  })
  @ApiAnswer(200, 'A page of concerts; nextCursor is null on the last page', EXAMPLE_CONCERT_PAGE)
  @ApiProblems({ 400: 'Malformed or unknown query parameter, or a cursor this API did not hand out' })
  list(@ZodQuery(listConcertsQuerySchema) query: ListConcertsQuery) {
    return this.catalog.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A concert with price and availability per ticket level; cancelled ones stay visible' })
  @ApiAnswer(200, 'The concert; status is on_sale, cancelled or past', EXAMPLE_CONCERT)
  @ApiProblems({ 400: 'Malformed id', 404: 'No such concert (concert_not_found)' })
  details(@ZodParam('id', uuidSchema) id: string) {
    return this.catalog.get(id);
  }

  @Get(':id/ticket-summary')
  @Authenticated()
  @ApiOperation({ summary: 'Capacity, held, sold and available tickets per level (owners and staff, or admins)' })
  @ApiAnswer(200, 'The counts per level and in total', {
    concertId: EXAMPLE_CONCERT.id,
    status: 'on_sale',
    levels: [{ code: 'GA', name: 'General admission', capacity: 800, held: 12, sold: 300, available: 488 }],
    totals: { capacity: 800, held: 12, sold: 300, available: 488 },
  })
  @ApiProblems({ 400: 'Malformed id', ...MANAGE_REFUSALS })
  ticketSummary(@CurrentUser() user: AuthenticatedUser, @ZodParam('id', uuidSchema) id: string) {
    return this.management.ticketSummary(id, user);
  }

  @Patch(':id')
  @Authenticated()
  @ApiOperation({ summary: "Change a concert's name, artist, venue, city or start (owners and staff, or admins)" })
  @ApiAnswer(200, 'The concert as it is now (unchanged values are no-ops)', EXAMPLE_CONCERT)
  @ApiProblems({
    400: 'Malformed id or body, or no field given',
    ...MANAGE_REFUSALS,
    422: 'starts_at_in_past, starts_at_too_far, concert_cancelled or concert_already_started',
  })
  async changeDetails(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(changeConcertDetailsSchema) body: ChangeConcertDetailsBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.management.changeDetails(id, body, user);
    return this.catalog.get(id);
  }

  @Put(':id/ticket-levels')
  @Authenticated()
  @ApiOperation({
    summary: "Replace a concert's ticket levels (owners and staff, or admins)",
    description:
      'Levels left out are withdrawn. A level never drops below the tickets held or sold, and the new total ' +
      "capacity must fit the account's totalSeats.",
  })
  @ApiAnswer(200, 'The concert with its new levels', EXAMPLE_CONCERT)
  @ApiProblems({
    400: 'Malformed id or body',
    ...MANAGE_REFUSALS,
    422:
      `${LEVEL_RULES}; capacity_below_committed; ticket_level_has_tickets; total_seats_exceeded; ` +
      'concert_cancelled; concert_already_started',
  })
  async changeTicketLevels(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(changeTicketLevelsSchema) body: ChangeTicketLevelsBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.management.changeTicketLevels(id, body.ticketLevels, user);
    return this.catalog.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Cancel a concert (owners and staff, or admins)',
    description:
      "Records the cancellation, stops sales and gives the seats back to the account's totalSeats, then starts " +
      'the cancellation workflow: holds released, every paid order refunded through Stripe, tickets voided, ' +
      'buyers emailed (progress: GET /concerts/{id}/cancellation). Only a concert that has not started can be ' +
      'cancelled; cancelling again re-runs the workflow, which only does what is left.',
  })
  @ApiAnswer(200, 'The cancelled concert', {
    ...EXAMPLE_CONCERT,
    status: 'cancelled',
    cancelledAt: '2026-12-01T09:00:00.000Z',
  })
  @ApiProblems({
    400: 'Malformed id or body',
    ...MANAGE_REFUSALS,
    422: 'It has started (concert_already_started)',
  })
  async cancel(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(cancelConcertSchema) body: CancelConcertBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.cancellations.cancel(id, body.reason, user);
    return this.catalog.get(id);
  }

  @Get(':id/cancellation')
  @Authenticated()
  @ApiOperation({ summary: "Progress of a cancelled concert's refunds (owners and staff, or admins)" })
  @ApiAnswer(200, 'Holds released, paid orders refunded, buyers emailed', {
    concertId: EXAMPLE_CONCERT.id,
    phase: 'refunding',
    released: 3,
    paidOrders: 120,
    refunded: 80,
    emailed: 79,
  })
  @ApiProblems({ 400: 'Malformed id', ...MANAGE_REFUSALS, 404: 'No such concert, or it was never cancelled' })
  cancellation(@CurrentUser() user: AuthenticatedUser, @ZodParam('id', uuidSchema) id: string) {
    return this.cancellations.progress(id, user);
  }
}
