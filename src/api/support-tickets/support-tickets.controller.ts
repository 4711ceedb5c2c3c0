import { Controller, Get, Header, HttpCode, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { SupportTicketQueries } from '../../application/support-tickets/support-ticket-queries';
import { SupportTicketRequests } from '../../application/support-tickets/support-ticket-requests';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { idempotencyKeySchema } from '../common/idempotency-key';
import { ApiPageQuery, type PageQuery, pageQuerySchema } from '../common/pagination';
import { ZodBody, ZodHeader, ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_SUBMITTED, EXAMPLE_SUPPORT_TICKET, EXAMPLE_SUPPORT_TICKET_PAGE } from './support-tickets.examples';
import { submitSupportTicketSchema, type SubmitSupportTicketBody } from './support-tickets.schemas';

@ApiTags('support')
@Controller('support/tickets')
export class SupportTicketsController {
  constructor(
    private readonly requests: SupportTicketRequests,
    private readonly queries: SupportTicketQueries,
  ) {}

  @Post()
  @HttpCode(202)
  @Authenticated()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Chosen by the client, one per ticket: a retried submission with the same key is the same ticket',
  })
  @ApiOperation({
    summary: 'Ask support for help: accepted at once, handled in the background',
    description:
      'Answers 202 as soon as the ticket is handed to its workflow, even while the back office is down. ' +
      'The workflow then records it, routes it to a support queue and emails an acknowledgement; staff replies ' +
      'are emailed too. Follow it with GET /support/tickets/{ticketId} (Location) once it is recorded.',
  })
  @ApiAnswer(202, 'The ticket was accepted (Location: /support/tickets/{ticketId})', EXAMPLE_SUBMITTED)
  @ApiProblems({
    400: 'Malformed body (subject or body empty or too long, orderId not a uuid, unknown fields) or Idempotency-Key',
    401: 'No valid access token',
    404: 'orderId names no order of yours (order_not_found)',
    422: 'idempotency_key_reused: the same key was used with another subject, body or order',
  })
  async submit(
    @CurrentUser() user: AuthenticatedUser,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema.optional()) key: string | undefined,
    @ZodBody(submitSupportTicketSchema) body: SubmitSupportTicketBody,
    @Res({ passthrough: true }) res: Response,
  ) {
    const accepted = await this.requests.submit(user.id, key, body);
    res.location(`/support/tickets/${accepted.ticketId}`);
    return accepted;
  }

  @Get()
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Your support tickets, newest first',
    description: 'Pages with `limit` and the opaque `nextCursor` of the previous page.',
  })
  @ApiPageQuery()
  @ApiAnswer(200, 'A page of tickets; nextCursor is null on the last page', EXAMPLE_SUPPORT_TICKET_PAGE)
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
  @ApiOperation({ summary: 'One of your support tickets, with the staff replies' })
  @ApiAnswer(200, 'The ticket and its replies, oldest first', EXAMPLE_SUPPORT_TICKET)
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    404: 'No such ticket of yours, or not recorded yet (support_ticket_not_found)',
  })
  details(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.queries.getForCustomer(id, user.id);
  }
}
