import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { SubscriptionInvoiceEvent } from '../../domain/billing/subscription-invoice-events';

/**
 * `subscription_invoices` with their `subscription_invoice_lines`: what each invoice says, and where
 * its PDF, payment and email stand. Payment status: paid wins over everything (a late payment settles
 * an uncollectible invoice), then uncollectible, then the last attempt's failure.
 */
export const subscriptionInvoicesProjection: Projection = {
  name: 'subscription-invoices',
  tables: ['subscription_invoices', 'subscription_invoice_lines'],
  handles: [
    'CustomerInvoiced',
    'InvoicePdfGenerated',
    'InvoicePaid',
    'InvoicePaymentFailed',
    'DunningNoticeSent',
    'InvoiceUncollectible',
    'InvoiceEmailed',
  ],
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as SubscriptionInvoiceEvent;
    switch (event.type) {
      case 'CustomerInvoiced': {
        const d = event.data;
        const issuedAt = new Date(d.issuedAt);
        await tx.subscriptionInvoice.create({
          data: {
            id: d.invoiceId,
            accountId: d.accountId,
            period: d.period,
            number: d.number,
            subtotal: BigInt(d.subtotal),
            tax: BigInt(d.tax),
            total: BigInt(d.total),
            currency: d.currency,
            taxRateBps: d.taxRateBps,
            issuedAt,
            paymentStatus: 'issued',
            updatedAt: issuedAt,
            lines: {
              create: d.lines.map((line, position) => ({
                position,
                kind: line.kind,
                description: line.description,
                amount: BigInt(line.amount),
              })),
            },
          },
        });
        return;
      }
      case 'InvoicePdfGenerated': {
        const { invoiceId, sha256, bytes } = event.data;
        await update(tx, invoiceId, event.data.at, { pdfSha256: sha256, pdfBytes: bytes });
        return;
      }
      case 'InvoicePaid': {
        const { invoiceId, intentId, attempt, at } = event.data;
        await tx.subscriptionInvoice.update({
          where: { id: invoiceId },
          data: {
            paymentStatus: 'paid',
            paidAt: new Date(at),
            intentId,
            nextAttemptAt: null,
            updatedAt: new Date(at),
          },
        });
        await raiseAttempts(tx, invoiceId, attempt);
        return;
      }
      case 'InvoicePaymentFailed': {
        const { invoiceId, attempt, failureCode, failureMessage, nextAttemptAt, at } = event.data;
        const row = await tx.subscriptionInvoice.findUniqueOrThrow({
          where: { id: invoiceId },
          select: { paymentStatus: true, attempts: true },
        });
        // An older attempt's failure recorded late never hides a newer outcome.
        if (row.paymentStatus === 'paid' || attempt < row.attempts) return;
        await update(tx, invoiceId, at, {
          paymentStatus: row.paymentStatus === 'uncollectible' ? 'uncollectible' : 'payment_failed',
          attempts: attempt,
          failureCode,
          failureMessage,
          nextAttemptAt: nextAttemptAt ? new Date(nextAttemptAt) : null,
        });
        return;
      }
      case 'DunningNoticeSent': {
        const { invoiceId, at } = event.data;
        await update(tx, invoiceId, at, { dunningNotices: { increment: 1 } });
        return;
      }
      case 'InvoiceUncollectible': {
        const { invoiceId, at } = event.data;
        const row = await tx.subscriptionInvoice.findUniqueOrThrow({
          where: { id: invoiceId },
          select: { paymentStatus: true },
        });
        await update(tx, invoiceId, at, {
          uncollectibleAt: new Date(at),
          nextAttemptAt: null,
          ...(row.paymentStatus !== 'paid' && { paymentStatus: 'uncollectible' }),
        });
        return;
      }
      case 'InvoiceEmailed': {
        const { invoiceId, at } = event.data;
        await update(tx, invoiceId, at, { emailedAt: new Date(at) });
        return;
      }
    }
  },
};

async function update(
  tx: Tx,
  id: string,
  at: string,
  data: Parameters<Tx['subscriptionInvoice']['update']>[0]['data'],
): Promise<void> {
  await tx.subscriptionInvoice.update({ where: { id }, data: { ...data, updatedAt: new Date(at) } });
}

async function raiseAttempts(tx: Tx, id: string, attempt: number): Promise<void> {
  await tx.subscriptionInvoice.updateMany({ where: { id, attempts: { lt: attempt } }, data: { attempts: attempt } });
}
