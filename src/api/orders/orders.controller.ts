import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { OrderCancellation } from '../../application/orders/order-cancellation';
import { OrderQueries } from '../../application/orders/order-queries';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ApiPageQuery, type PageQuery, pageQuerySchema } from '../common/pagination';
import { ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_ORDER, EXAMPLE_ORDER_PAGE } from './orders.examples';

const NOT_FOUND = 'No such order of yours (order_not_found)';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly queries: OrderQueries,
    private readonly cancellation: OrderCancellation,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Your orders, newest first' })
  @ApiPageQuery()
  @ApiAnswer(200, 'A page of orders', EXAMPLE_ORDER_PAGE)
  @ApiProblems({ 400: 'Malformed query or cursor', 401: 'No valid access token' })
  list(@CurrentUser() user: AuthenticatedUser, @ZodQuery(pageQuerySchema) query: PageQuery) {
    return this.queries.list(user.id, query);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One of your orders: status, lines, payment, tickets and their delivery' })
  @ApiAnswer(200, 'The order', EXAMPLE_ORDER)
  @ApiProblems({ 400: 'Malformed id', 401: 'No valid access token', 404: NOT_FOUND })
  details(@CurrentUser() user: AuthenticatedUser, @ZodParam('id', uuidSchema) id: string) {
    return this.queries.get(user.id, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Cancel an order before it is paid: its hold is released and no payment is taken' })
  @ApiAnswer(200, 'The order is cancelled', { orderId: EXAMPLE_ORDER.id, status: 'Cancelled' })
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    404: NOT_FOUND,
    409: 'order_not_cancellable: paid, expired, failed or cancelled already',
  })
  cancel(@CurrentUser() user: AuthenticatedUser, @ZodParam('id', uuidSchema) id: string) {
    return this.cancellation.cancel(user.id, id);
  }
}
