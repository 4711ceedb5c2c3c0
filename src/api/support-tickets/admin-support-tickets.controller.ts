import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { SupportTicketQueries } from '../../application/support-tickets/support-ticket-queries';
import { SupportTicketRequests } from '../../application/support-tickets/support-ticket-requests';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { idempotencyKeySchema } from '../common/idempotency-key';
import { ZodBody, ZodHeader, ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import {
  EXAMPLE_CLOSED,
  EXAMPLE_REPLY_RECORDED,
  EXAMPLE_STAFF_SUPPORT_TICKET,
  EXAMPLE_SUPPORT_QUEUE_PAGE,
} from './support-tickets.examples';
import {
  supportQueueQuerySchema,
  supportReplySchema,
  type SupportQueueQueryParams,
  type SupportReplyBody,
} from './support-tickets.schemas';
import { ApiPageQuery } from '../common/pagination';

const STAFF_ONLY = 'Support staff and admins only (role_required)';

@ApiTags('support')
@Controller('admin/support/tickets')
export class AdminSupportTicketsController {
  constructor(
    private readonly requests: SupportTicketRequests,
    private readonly queries: SupportTicketQueries,
  ) {}

  @Get()
  @Authenticated('staff', 'admin')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'The support queue, oldest first',
    description: 'Filter by `status` and `queue`; pages with `limit` and the `nextCursor` of the previous page.',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'answered', 'closed'] })
  @ApiQuery({ name: 'queue', required: false, enum: ['orders', 'general'] })
  @ApiPageQuery()
  @ApiAnswer(200, 'A page of tickets; nextCursor is null on the last page', EXAMPLE_SUPPORT_QUEUE_PAGE)
  @ApiProblems({
    400: 'Unknown status or queue, malformed limit or cursor, unknown query parameter',
    401: 'No valid access token',
    403: STAFF_ONLY,
  })
  list(@ZodQuery(supportQueueQuerySchema) query: SupportQueueQueryParams) {
    return this.queries.queue(query);
  }

  @Get(':id')
  @Authenticated('staff', 'admin')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'One support ticket with its customer and replies' })
  @ApiAnswer(200, 'The ticket', EXAMPLE_STAFF_SUPPORT_TICKET)
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    403: STAFF_ONLY,
    404: 'No such ticket (support_ticket_not_found)',
  })
  details(@ZodParam('id', uuidSchema) id: string) {
    return this.queries.forStaff(id);
  }

  @Post(':id/reply')
  @HttpCode(201)
  @Authenticated('staff', 'admin')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'One per reply: a retried reply with the same key is recorded and emailed once',
  })
  @ApiOperation({
    summary: 'Answer a ticket; the customer is emailed the reply',
    description: 'Answers as soon as the reply is recorded; the email follows in the background.',
  })
  @ApiAnswer(201, 'The reply was recorded', EXAMPLE_REPLY_RECORDED)
  @ApiProblems({
    400: 'Malformed id, body (empty, too long, unknown fields) or Idempotency-Key',
    401: 'No valid access token',
    403: STAFF_ONLY,
    404: 'No such ticket (support_ticket_not_found)',
    409: 'ticket_closed: the ticket takes no more replies',
    422: 'idempotency_key_reused: the same key was used for another reply',
  })
  reply(
    @ZodParam('id', uuidSchema) id: string,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema.optional()) key: string | undefined,
    @ZodBody(supportReplySchema) body: SupportReplyBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.requests.reply(user.id, id, key, body.body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Authenticated('staff', 'admin')
  @ApiOperation({
    summary: 'Close a ticket; the customer is emailed a short notice',
    description: 'Replies accepted before the close are recorded and emailed first.',
  })
  @ApiAnswer(200, 'The ticket is closed', EXAMPLE_CLOSED)
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    403: STAFF_ONLY,
    404: 'No such ticket (support_ticket_not_found)',
    409: 'ticket_closed: closed already',
  })
  close(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.requests.close(user.id, id);
  }
}
