import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvoicePayments } from '../../application/billing-runs/invoice-payments';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';

@ApiTags('billing')
@Controller('accounts/:id/invoices')
export class InvoicePaymentsController {
  constructor(private readonly payments: InvoicePayments) {}

  @Post(':invoiceId/pay')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Pay a failed invoice now, with the payment method on file',
    description:
      'For an invoice in dunning or uncollectible: charges it at once. A suspended account is reactivated ' +
      'when the payment succeeds. Update the payment method first (PUT /accounts/{id}/payment-method).',
  })
  @ApiAnswer(200, 'Paid', {
    invoiceId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    outcome: 'paid',
    attempt: 5,
  })
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    403: 'owner_required: members who are not owners may not pay',
    404: 'No such account or invoice of yours',
    409: 'invoice_not_payable: paid already, or not failed',
    422: 'payment_declined: the charge failed again',
  })
  pay(
    @CurrentUser() user: AuthenticatedUser,
    @ZodParam('id', uuidSchema) accountId: string,
    @ZodParam('invoiceId', uuidSchema) invoiceId: string,
  ) {
    return this.payments.pay(user, accountId, invoiceId);
  }
}
