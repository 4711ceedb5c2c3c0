import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StuckOrders } from '../../application/orders/stuck-orders';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated } from '../common/auth';
import { ZodQuery } from '../common/validation';
import { stuckOrdersQuerySchema } from './orders.schemas';

@ApiTags('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(private readonly stuck: StuckOrders) {}

  @Get('stuck')
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Checkouts awaiting payment for longer than `olderThan`',
    description: 'The same list as the `query` filter (also returned) in the Temporal Web UI.',
  })
  @ApiQuery({ name: 'olderThan', required: false, description: 'A duration such as 10m, 2h, 1d (default 10m)' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500 (default 100)' })
  @ApiAnswer(200, 'The stuck checkouts and the Web UI query that finds them', {
    query:
      "WorkflowType = 'checkoutWorkflow' AND ExecutionStatus = 'Running' AND OrderStatus = 'AwaitingPayment' AND StartTime < '2026-11-21T11:50:00.000Z'",
    items: [],
  })
  @ApiProblems({ 400: 'Malformed olderThan or limit', 401: 'No valid access token', 403: 'Admins only' })
  list(@ZodQuery(stuckOrdersQuerySchema) query: { olderThan: number; limit: number }) {
    return this.stuck.list(query.olderThan, query.limit);
  }
}
