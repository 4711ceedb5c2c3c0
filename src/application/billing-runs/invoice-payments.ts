import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../../infra/db/prisma';
import { DomainError } from '../../domain/shared/errors';
import {
  BILLING_REFUSALS,
  invoiceWorkflowId,
  payInvoiceUpdate,
  type PayInvoiceResult,
} from '../../workflows/billing.contract';
import type { AccountAccess } from '../accounts/account-access';
import type { AuthenticatedUser } from '../identity/authentication';

const invoiceNotFound = () => new DomainError('not_found', 'invoice_not_found', 'Invoice not found');
const notPayable = (message: string) => new DomainError('conflict', BILLING_REFUSALS.notPayable, message);

/**
 * The owner pays a failed invoice now (typically after updating the payment method). The invoice's
 * workflow owns the invoice: it charges once for however many requests arrive together, and it
 * reactivates a suspended account when the payment succeeds.
 */
export class InvoicePayments {
  constructor(
    private readonly temporal: Client,
    private readonly db: Db,
    private readonly access: AccountAccess,
  ) {}

  async pay(user: AuthenticatedUser, accountId: string, invoiceId: string): Promise<PayInvoiceResult> {
    await this.access.assertOwner(accountId, user);
    const invoice = await this.db.subscriptionInvoice.findUnique({
      where: { id: invoiceId },
      select: { accountId: true, period: true, paymentStatus: true },
    });
    if (!invoice || invoice.accountId !== accountId) throw invoiceNotFound();
    let result: PayInvoiceResult;
    try {
      result = await this.temporal.workflow
        .getHandle(invoiceWorkflowId(accountId, invoice.period))
        .executeUpdate(payInvoiceUpdate, { args: [{ by: user.id }] });
    } catch (err) {
      if (
        err instanceof WorkflowUpdateFailedError &&
        err.cause instanceof ApplicationFailure &&
        err.cause.type === BILLING_REFUSALS.notPayable
      ) {
        throw notPayable(err.cause.message);
      }
      // The invoice's workflow has ended: the invoice is settled (paid), or no longer collectable here.
      if (err instanceof WorkflowNotFoundError) throw notPayable('The invoice cannot be paid now');
      throw err;
    }
    if (result.outcome === 'failed') {
      throw new DomainError(
        'invalid',
        'payment_declined',
        `The payment was declined (${result.failureCode ?? 'payment_failed'}); update the payment method and try again`,
      );
    }
    return result;
  }
}
