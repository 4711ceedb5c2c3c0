import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaymentQueries } from '../../application/finance/payment-queries';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_PAYMENT, EXAMPLE_PAYMENT_PAGE } from './finance.examples';
import { ApiPageQuery, type PageQuery, pageQuerySchema } from '../common/pagination';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentQueries) {}

  @Get()
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: "The signed-in customer's payments, newest first",
    description:
      'Status is Pending, Succeeded, Failed, Refunded or Cancelled; amounts in minor units. Pages with `limit` ' +
      'and the opaque `nextCursor` of the previous page.',
  })
  @ApiPageQuery()
  @ApiAnswer(200, 'A page of payments; nextCursor is null on the last page', EXAMPLE_PAYMENT_PAGE)
  @ApiProblems({
    400: 'Malformed or unknown query parameter, or a cursor this API did not hand out',
    401: 'Not signed in',
  })
  list(@ZodQuery(pageQuerySchema) query: PageQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.list(user.id, query);
  }

  @Get(':id')
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'One payment of the signed-in customer' })
  @ApiAnswer(200, 'The payment', EXAMPLE_PAYMENT)
  @ApiProblems({
    400: 'Malformed id',
    401: 'Not signed in',
    404: 'No such payment of yours (payment_not_found)',
  })
  details(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.get(user.id, id);
  }
}
