import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PurchaseInvoiceQueries } from '../../application/finance/purchase-invoice-queries';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodParam, ZodQuery } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_INVOICE, EXAMPLE_INVOICE_PAGE } from './finance.examples';
import { ApiPageQuery, type PageQuery, pageQuerySchema } from '../common/pagination';

@ApiTags('invoices')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly invoices: PurchaseInvoiceQueries) {}

  @Get()
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: "The signed-in customer's purchase invoices (one per paid order), newest first",
    description: 'Pages with `limit` and the opaque `nextCursor` of the previous page.',
  })
  @ApiPageQuery()
  @ApiAnswer(200, 'A page of invoices; nextCursor is null on the last page', EXAMPLE_INVOICE_PAGE)
  @ApiProblems({
    400: 'Malformed or unknown query parameter, or a cursor this API did not hand out',
    401: 'Not signed in',
  })
  list(@ZodQuery(pageQuerySchema) query: PageQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.invoices.list(user.id, query);
  }

  @Get(':id')
  @Authenticated()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'One purchase invoice of the signed-in customer',
    description: 'Lines (concert, level, quantity, unit price, amount), total = sum of the lines, billing info.',
  })
  @ApiAnswer(200, 'The invoice', EXAMPLE_INVOICE)
  @ApiProblems({
    400: 'Malformed id',
    401: 'Not signed in',
    404: 'No such invoice of yours (invoice_not_found)',
  })
  details(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.invoices.get(user.id, id);
  }
}
