import { Controller, Get, HttpCode, Put, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { AccountAccess } from '../../application/accounts/account-access';
import { BillingQueries } from '../../application/billing/billing-queries';
import { PaymentMethodOnFile } from '../../application/billing/payment-method-on-file';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { PaymentGatewayError } from '../../infra/payments/payment-gateway-error';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { problem, ProblemError } from '../common/problem';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_BILLING, EXAMPLE_INVOICE, EXAMPLE_INVOICE_DETAIL } from './billing.examples';
import { paymentMethodSchema } from './billing.schemas';

const NOT_VISIBLE = 'No such account, or you are not a member of it (the two look the same)';
const INVOICE_NOT_VISIBLE = `${NOT_VISIBLE}; or no such invoice of this account (invoice_not_found)`;

@ApiTags('billing')
@Controller('accounts')
export class AccountBillingController {
  constructor(
    private readonly access: AccountAccess,
    private readonly paymentMethods: PaymentMethodOnFile,
    private readonly billing: BillingQueries,
  ) {}

  @Put(':id/payment-method')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Put a payment method on file for the monthly invoices (owners and admins)',
    description:
      "Creates the account's Stripe customer the first time (and reuses it after) and attaches the payment " +
      'method there. Only Stripe ids are stored, with the brand and last four digits Stripe reports.',
  })
  @ApiAnswer(200, "The account's billing", EXAMPLE_BILLING)
  @ApiProblems({
    400: 'Malformed id or body',
    401: 'No valid access token',
    403: 'A member who is not an owner (owner_required)',
    404: NOT_VISIBLE,
    422:
      'Stripe refused the payment method (payment_method_rejected); nothing was stored. ' +
      'Stripe unreachable answers 503 (payment_provider_unavailable)',
  })
  async attach(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(paymentMethodSchema) body: z.infer<typeof paymentMethodSchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.access.assertOwner(id, user);
    try {
      await this.paymentMethods.attach(id, body.paymentMethodId, user.id);
    } catch (err) {
      // Stripe down or refusing our own request: nothing was stored, and the client may try again.
      if (err instanceof PaymentGatewayError) {
        throw new ProblemError(
          problem(503, 'payment_provider_unavailable', 'Stripe could not be reached; try again shortly'),
        );
      }
      throw err;
    }
    return this.billing.view(id);
  }

  @Get(':id/billing')
  @Authenticated()
  @ApiOperation({
    summary: "The account's billing: plan, next period, payment method, credit balance, status (members)",
  })
  @ApiAnswer(200, "The account's billing", EXAMPLE_BILLING)
  @ApiProblems({ 400: 'Malformed id', 401: 'No valid access token', 404: NOT_VISIBLE })
  async view(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    await this.access.assertMember(id, user);
    return this.billing.view(id);
  }

  @Get(':id/invoices')
  @Authenticated()
  @ApiOperation({ summary: "The account's subscription invoices, newest period first (members)" })
  @ApiAnswer(200, 'The invoices', [EXAMPLE_INVOICE])
  @ApiProblems({ 400: 'Malformed id', 401: 'No valid access token', 404: NOT_VISIBLE })
  async invoices(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    await this.access.assertMember(id, user);
    return this.billing.invoices(id);
  }

  @Get(':id/invoices/:invoiceId')
  @Authenticated()
  @ApiOperation({ summary: 'One invoice with its lines and where its payment stands (members)' })
  @ApiAnswer(200, 'The invoice', EXAMPLE_INVOICE_DETAIL)
  @ApiProblems({ 400: 'Malformed id', 401: 'No valid access token', 404: INVOICE_NOT_VISIBLE })
  async invoice(
    @ZodParam('id', uuidSchema) id: string,
    @ZodParam('invoiceId', uuidSchema) invoiceId: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.access.assertMember(id, user);
    return this.billing.invoice(id, invoiceId);
  }

  @Get(':id/invoices/:invoiceId/pdf')
  @Authenticated()
  @ApiOperation({ summary: 'The PDF of an invoice (members)' })
  @ApiProduces('application/pdf')
  @ApiProblems({
    400: 'Malformed id',
    401: 'No valid access token',
    404: `${INVOICE_NOT_VISIBLE}; or its PDF is not rendered yet (invoice_pdf_not_ready)`,
  })
  async pdf(
    @ZodParam('id', uuidSchema) id: string,
    @ZodParam('invoiceId', uuidSchema) invoiceId: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.assertMember(id, user);
    const { number, content } = await this.billing.pdf(id, invoiceId);
    res.set({
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${number}.pdf"`,
      'cache-control': 'private, no-store',
    });
    return new StreamableFile(content);
  }
}
