import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { DoorValidation } from '../../application/tickets/door-validation';
import { TicketQueries } from '../../application/tickets/ticket-queries';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { ApiPageQuery, type PageQuery, pageQuerySchema } from '../common/pagination';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_TICKET_DETAILS, EXAMPLE_TICKET_PAGE, EXAMPLE_VALIDATION } from './tickets.examples';
import { validateTicketSchema, type ValidateTicketBody } from './tickets.schemas';

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly validation: DoorValidation,
    private readonly queries: TicketQueries,
  ) {}

  @Post('validate')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: "Validate a ticket at the concert's door (the organizing account's owners and staff, or admins)",
    description:
      'Answers `valid` the first time (the ticket is admitted), then `already_used`; `wrong_concert` for a ticket ' +
      'of another concert, `voided` for a ticket of a cancelled concert or refunded order, `unknown` for a code ' +
      'that names no ticket. Every attempt is recorded. Two doors scanning one ticket at once admit it once.',
  })
  @ApiAnswer(200, 'What the door should do', EXAMPLE_VALIDATION)
  @ApiProblems({
    400: 'Malformed body (code missing or empty, concertId not a uuid, unknown fields)',
    401: 'No valid access token',
    403: "You are not an owner or staff member of the concert's account (not_concert_organizer)",
    404: 'No such concert (concert_not_found)',
  })
  validate(@ZodBody(validateTicketSchema) body: ValidateTicketBody, @CurrentUser() user: AuthenticatedUser) {
    return this.validation.validate(body, user);
  }

  @Get()
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Your tickets, newest order first, with status and delivery',
    description: 'Pages with `limit` and the opaque `nextCursor` of the previous page. Codes are on each ticket.',
  })
  @ApiPageQuery()
  @ApiAnswer(200, 'A page of tickets; nextCursor is null on the last page', EXAMPLE_TICKET_PAGE)
  @ApiProblems({
    400: 'Malformed or unknown query parameter, or a cursor this API did not hand out',
    401: 'No valid access token',
  })
  list(@ZodQuery(pageQuerySchema) query: PageQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.queries.listForCustomer(user.id, query);
  }

  @Get(':id')
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'One of your tickets with its code (show it, or its QR code, at the door)',
    description: 'The code is the only secret of a ticket: whoever has it can use it once.',
  })
  @ApiAnswer(200, 'The ticket with its code', EXAMPLE_TICKET_DETAILS)
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    404: 'No such ticket of yours (ticket_not_found)',
  })
  details(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.queries.getForCustomer(id, user.id);
  }
}
