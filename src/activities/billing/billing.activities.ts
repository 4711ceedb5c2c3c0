import { createHash } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { accountOwners, type BillingContact } from '../../application/billing/account-contacts';
import { loadAccountFacts } from '../../application/billing/account-facts';
import { BillingAccountCommands, SubscriptionInvoiceCommands } from '../../application/billing/billing-commands';
import { InvoiceFinalization } from '../../application/billing/invoice-finalization';
import type { PaymentGateway } from '../../application/payments/payment-gateway';
import type { Config } from '../../config/config';
import { reactivateAccount, suspendAccount } from '../../domain/billing/billing-account-decisions';
import { periodEnd, requirePeriod } from '../../domain/billing/period';
import { paymentStatusOf, type SubscriptionInvoiceState } from '../../domain/billing/subscription-invoice';
import {
  markUncollectible,
  recordDunningNotice,
  recordEmailed,
  recordPaid,
  recordPaymentFailure,
  recordPdf,
} from '../../domain/billing/subscription-invoice-decisions';
import { subscriptionInvoiceStreamId, type CustomerInvoiced } from '../../domain/billing/subscription-invoice-events';
import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import type { EventMetadata } from '../../infra/event-store/types';
import type { Mailer, OutgoingEmail } from '../../infra/mail/mailer';
import { invoiceWorkflowId, type BillingActivities } from '../../workflows/billing.contract';
import { deliverEmail } from '../email/send-email';
import { refusalsFinal } from '../refusals';
import { dunningEmail, invoiceEmail } from './invoice-emails';
import { renderInvoicePdf } from './invoice-pdf';
import { providerCall } from '../payments/provider-call';

export interface BillingActivityDeps {
  config: Pick<Config, 'billing'>;
  db: Db;
  eventStore: EventStore;
  mailer: Mailer;
  paymentGateway: PaymentGateway;
}

/** The key of the attempt-th charge of an invoice: a retried attempt never charges twice. */
export const chargeIdempotencyKey = (invoiceId: string, attempt: number): string =>
  `invoice-${invoiceId}-attempt-${attempt}`;
export const invoiceMessageKey = (invoiceId: string): string => `invoice-${invoiceId}`;
export const dunningMessageKey = (invoiceId: string, attempt: number): string =>
  `invoice-${invoiceId}-dunning-${attempt}`;

/**
 * The steps of monthly billing (DOMAIN §10). Every activity is idempotent: its facts are recorded
 * once (deterministic event ids, deciders that record nothing twice), Stripe calls carry a key per
 * invoice and attempt, and emails go through deliverEmail with a key per invoice (and owner).
 */
export function createBillingActivities(deps: BillingActivityDeps) {
  const { db, eventStore, mailer, paymentGateway: gateway } = deps;
  const { taxRateBps, dunningScheduleMs, seller } = deps.config.billing;
  const invoices = new SubscriptionInvoiceCommands(eventStore);
  const billingAccounts = new BillingAccountCommands(eventStore);
  const finalization = new InvoiceFinalization(db, eventStore, taxRateBps);

  const metadataFor = (invoice: { accountId: string; period: string }): EventMetadata => ({
    correlationId: callerWorkflowId() ?? invoiceWorkflowId(invoice.accountId, invoice.period),
    actor: 'system',
  });
  const options = (invoice: CustomerInvoiced['data'], step: string) => ({
    operationId: `${subscriptionInvoiceStreamId(invoice.invoiceId)}:${step}`,
    metadata: metadataFor(invoice),
  });

  const requireInvoice = async (invoiceId: string) => {
    const { state } = await invoices.load(invoiceId);
    if (!state.invoice)
      throw ApplicationFailure.nonRetryable(`Invoice ${invoiceId} was never issued`, 'InvoiceNotFound');
    return { state, invoice: state.invoice };
  };

  /** Sends one email per owner: the first owner under `messageKey`, any other under a key of their own. */
  const emailOwners = async (
    invoice: CustomerInvoiced['data'],
    messageKey: string,
    template: string,
    compose: (owner: BillingContact, accountName: string) => OutgoingEmail,
  ) => {
    const [owners, account] = await Promise.all([
      accountOwners(db, invoice.accountId),
      loadAccountFacts(eventStore, invoice.accountId),
    ]);
    if (owners.length === 0) {
      throw ApplicationFailure.nonRetryable(`Account ${invoice.accountId} has no owner to email`, 'NoBillingContact');
    }
    const accountName = account?.name ?? 'Boxoffice customer';
    for (const [i, owner] of owners.entries()) {
      await deliverEmail(
        { eventStore, mailer },
        {
          messageKey: i === 0 ? messageKey : `${messageKey}-owner-${owner.userId}`,
          template,
          email: compose(owner, accountName),
          correlationId: metadataFor(invoice).correlationId,
        },
      );
    }
  };

  const paymentMethodText = async (accountId: string): Promise<string | undefined> => {
    const pm = (await billingAccounts.load(accountId)).state.paymentMethod;
    return pm && `${pm.brand} ending ${pm.last4}`;
  };

  const lastFailure = (state: SubscriptionInvoiceState) => {
    const attempts = Object.keys(state.failures).map(Number);
    return attempts.length ? state.failures[Math.max(...attempts)] : undefined;
  };

  const activities = {
    async billableAccounts(input: { period: string; after?: string; limit: number }): Promise<string[]> {
      const { period, after, limit } = input;
      await refusalsFinal(async () => requirePeriod(period));
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT id::text AS id FROM accounts
         WHERE opened_at < ${periodEnd(period)}::timestamptz
           AND (${after ?? null}::uuid IS NULL OR id > ${after ?? null}::uuid)
         ORDER BY id LIMIT ${Math.max(1, Math.min(limit, 10_000))}`;
      return rows.map((r) => r.id);
    },

    async finalizeInvoice(input: { accountId: string; period: string }) {
      return refusalsFinal(() => finalization.finalize(input, { metadata: metadataFor(input) }));
    },

    async renderInvoicePdf(input: { invoiceId: string }): Promise<{ sha256: string; bytes: number }> {
      const { state, invoice } = await requireInvoice(input.invoiceId);
      if (state.pdf) return { ...state.pdf };
      const account = await loadAccountFacts(eventStore, invoice.accountId);
      const pdf = await renderInvoicePdf({
        invoice,
        seller,
        customer: { name: account?.name ?? invoice.accountId, accountId: invoice.accountId },
        paymentStatus: paymentStatusOf(state),
        paymentMethod: await paymentMethodText(invoice.accountId),
      });
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const content = new Uint8Array(pdf);
      const now = new Date();
      const { state: after } = await refusalsFinal(() =>
        invoices.execute(input.invoiceId, (s) => recordPdf(s, { sha256, bytes: pdf.length, now }), {
          ...options(invoice, 'pdf'),
          // Stored with the event: the PDF a recorded hash names always exists.
          work: async (tx) => {
            await tx.subscriptionInvoicePdf.upsert({
              where: { invoiceId: input.invoiceId },
              create: { invoiceId: input.invoiceId, sha256, content, createdAt: now },
              update: { sha256, content, createdAt: now },
            });
          },
        }),
      );
      return { ...after.pdf! };
    },

    async chargeInvoice(input: { invoiceId: string; attempt: number }) {
      const { invoiceId, attempt } = input;
      const { state, invoice } = await requireInvoice(invoiceId);
      if (state.paid) return { outcome: 'paid' as const };
      const known = state.failures[attempt];
      if (known) return { outcome: 'failed' as const, failureCode: known.failureCode };

      const now = new Date();
      const fail = async (failureCode: string, failureMessage: string) => {
        const wait = dunningScheduleMs[attempt - 1];
        const nextAttemptAt = wait === undefined ? null : new Date(now.getTime() + wait);
        const { state: after } = await refusalsFinal(() =>
          invoices.execute(
            invoiceId,
            (s) => recordPaymentFailure(s, { attempt, failureCode, failureMessage, nextAttemptAt, now }),
            options(invoice, `charge:${attempt}:failed`),
          ),
        );
        // Paid meanwhile (the owner paid by hand): that is the outcome.
        return after.paid
          ? { outcome: 'paid' as const }
          : { outcome: 'failed' as const, failureCode: after.failures[attempt]?.failureCode ?? failureCode };
      };
      const pay = async (intentId: string | null) => {
        await refusalsFinal(() =>
          invoices.execute(
            invoiceId,
            (s) => recordPaid(s, { attempt, intentId, now }),
            options(invoice, `charge:${attempt}:paid`),
          ),
        );
        return { outcome: 'paid' as const };
      };

      // Nothing due: paid without asking Stripe.
      if (invoice.total === 0) return pay(null);
      const { state: billing } = await billingAccounts.load(invoice.accountId);
      if (!billing.paymentMethod || !billing.stripeCustomerId) {
        return fail('no_payment_method', 'No payment method is on file for this account');
      }
      const result = await providerCall(() =>
        gateway.chargeOffSession({
          amount: invoice.total,
          currency: invoice.currency,
          customerId: billing.stripeCustomerId!,
          paymentMethodId: billing.paymentMethod!.paymentMethodId,
          idempotencyKey: chargeIdempotencyKey(invoiceId, attempt),
          metadata: { invoiceId, accountId: invoice.accountId, attempt: String(attempt) },
          description: `Boxoffice invoice ${invoice.number}`,
        }),
      );
      if (result.status === 'succeeded') return pay(result.intentId);
      if (result.status === 'failed') return fail(result.failureCode, result.failureMessage);
      return fail('authentication_required', 'The card needs the customer to authenticate this payment');
    },

    async emailInvoice(input: { invoiceId: string }): Promise<void> {
      const { state, invoice } = await requireInvoice(input.invoiceId);
      if (state.emailed) return;
      const pdf = await db.subscriptionInvoicePdf.findUnique({ where: { invoiceId: input.invoiceId } });
      if (!pdf) throw ApplicationFailure.nonRetryable(`Invoice ${invoice.number} has no PDF yet`, 'InvoicePdfMissing');
      const messageKey = invoiceMessageKey(input.invoiceId);
      const paid = Boolean(state.paid);
      await emailOwners(invoice, messageKey, 'subscription-invoice', (owner, accountName) =>
        invoiceEmail({
          to: owner.email,
          accountName,
          invoice,
          paid,
          failureMessage: paid ? undefined : lastFailure(state)?.failureMessage,
          pdf: Buffer.from(pdf.content),
        }),
      );
      await refusalsFinal(() =>
        invoices.execute(
          input.invoiceId,
          (s) => recordEmailed(s, { messageKey, now: new Date() }),
          options(invoice, 'emailed'),
        ),
      );
    },

    async sendDunningNotice(input: {
      invoiceId: string;
      attempt: number;
      nextAttemptAt: string | null;
    }): Promise<void> {
      const { invoiceId, attempt } = input;
      const { state, invoice } = await requireInvoice(invoiceId);
      if (state.dunningNotices.includes(attempt) || state.paid) return;
      await emailOwners(invoice, dunningMessageKey(invoiceId, attempt), 'invoice-dunning', (owner, accountName) =>
        dunningEmail({
          to: owner.email,
          accountName,
          invoice,
          attempt,
          failureMessage: state.failures[attempt]?.failureMessage ?? lastFailure(state)?.failureMessage,
          nextAttemptAt: input.nextAttemptAt,
        }),
      );
      await refusalsFinal(() =>
        invoices.execute(
          invoiceId,
          (s) => recordDunningNotice(s, { attempt, now: new Date() }),
          options(invoice, `dunning:${attempt}`),
        ),
      );
    },

    async markUncollectible(input: { invoiceId: string }): Promise<void> {
      const { invoice } = await requireInvoice(input.invoiceId);
      const now = new Date();
      const { state } = await refusalsFinal(() =>
        invoices.execute(input.invoiceId, (s) => markUncollectible(s, { now }), options(invoice, 'uncollectible')),
      );
      // Paid in the meantime: nothing to suspend for.
      if (!state.uncollectible || state.paid) return;
      await refusalsFinal(() =>
        billingAccounts.execute(
          invoice.accountId,
          (s) => suspendAccount(s, { accountId: invoice.accountId, invoiceId: input.invoiceId, now }),
          { operationId: `${subscriptionInvoiceStreamId(input.invoiceId)}:suspend`, metadata: metadataFor(invoice) },
        ),
      );
    },

    async reactivateAccount(input: { invoiceId: string }): Promise<void> {
      const { state, invoice } = await requireInvoice(input.invoiceId);
      if (!state.paid) {
        throw ApplicationFailure.nonRetryable(`Invoice ${invoice.number} is not paid`, 'InvoiceNotPaid');
      }
      await refusalsFinal(() =>
        billingAccounts.execute(
          invoice.accountId,
          (s) => reactivateAccount(s, { accountId: invoice.accountId, invoiceId: input.invoiceId, now: new Date() }),
          { operationId: `${subscriptionInvoiceStreamId(input.invoiceId)}:reactivate`, metadata: metadataFor(invoice) },
        ),
      );
    },
  };
  return activities satisfies BillingActivities;
}

function callerWorkflowId(): string | undefined {
  try {
    return activityInfo().workflowExecution?.workflowId;
  } catch {
    return undefined; // called outside an activity (tests, tools)
  }
}
