import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { BillingAccountEvent } from '../../domain/billing/billing-account-events';

/**
 * `billing_accounts` (payment method on file, suspension) and `billing_allowances` (credits and
 * refunds owed, open until an invoice consumes them), from the billing-account streams. Times come
 * from the events only.
 */
export const billingAccountsProjection: Projection = {
  name: 'billing-accounts',
  tables: ['billing_accounts', 'billing_allowances'],
  handles: [
    'PaymentMethodAttached',
    'AccountCreditGranted',
    'AccountRefundOwed',
    'CreditsConsumed',
    'AccountSuspended',
    'AccountReactivated',
  ],
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as BillingAccountEvent;
    const accountId = recorded.streamId.slice('billing-account-'.length);
    switch (event.type) {
      case 'PaymentMethodAttached': {
        const { stripeCustomerId, paymentMethodId, brand, last4 } = event.data;
        const row = { stripeCustomerId, paymentMethodId, brand, last4, updatedAt: new Date(event.data.at) };
        await tx.billingAccount.upsert({
          where: { accountId },
          create: { accountId, status: 'active', ...row },
          update: row,
        });
        return;
      }
      case 'AccountCreditGranted':
      case 'AccountRefundOwed': {
        const d = event.data;
        const id = event.type === 'AccountCreditGranted' ? event.data.creditId : event.data.refundId;
        const at = new Date(d.at);
        await tx.billingAllowance.create({
          data: {
            id,
            accountId,
            kind: event.type === 'AccountCreditGranted' ? 'credit' : 'refund',
            amount: BigInt(d.amount),
            currency: d.currency,
            reason: d.reason,
            grantedBy: event.type === 'AccountCreditGranted' ? event.data.grantedBy : null,
            grantedAt: at,
          },
        });
        return touch(tx, accountId, at);
      }
      case 'CreditsConsumed': {
        const { invoiceId, creditIds, refundIds } = event.data;
        const at = new Date(event.data.at);
        await tx.billingAllowance.updateMany({
          where: { id: { in: [...creditIds, ...refundIds] } },
          data: { consumedBy: invoiceId, consumedAt: at },
        });
        return touch(tx, accountId, at);
      }
      case 'AccountSuspended':
      case 'AccountReactivated': {
        const at = new Date(event.data.at);
        const current = await tx.billingAccount.findUnique({ where: { accountId }, select: { suspendedFor: true } });
        const others = (current?.suspendedFor ?? []).filter((id) => id !== event.data.invoiceId);
        const suspendedFor = event.type === 'AccountSuspended' ? [...others, event.data.invoiceId] : others;
        const status = suspendedFor.length ? 'suspended' : 'active';
        await tx.billingAccount.upsert({
          where: { accountId },
          create: { accountId, status, suspendedFor, updatedAt: at },
          update: { status, suspendedFor, updatedAt: at },
        });
        return;
      }
    }
  },
};

/** Makes sure the account has a row (credits may come before any payment method). */
async function touch(tx: Tx, accountId: string, at: Date): Promise<void> {
  await tx.billingAccount.upsert({
    where: { accountId },
    create: { accountId, status: 'active', updatedAt: at },
    update: { updatedAt: at },
  });
}
