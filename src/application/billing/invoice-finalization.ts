import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import type { EventMetadata, StreamAppend } from '../../infra/event-store/types';
import { consumeAllowances } from '../../domain/billing/billing-account-decisions';
import { BILLING_ACCOUNT_STREAM_TYPE, billingAccountStreamId } from '../../domain/billing/billing-account-events';
import { computeInvoice } from '../../domain/billing/invoice-calculation';
import { invoiceNumber } from '../../domain/billing/invoice-number';
import { periodEnd, periodStart, requirePeriod } from '../../domain/billing/period';
import { issueInvoice } from '../../domain/billing/subscription-invoice-decisions';
import { initialSubscriptionInvoiceState } from '../../domain/billing/subscription-invoice';
import {
  SUBSCRIPTION_INVOICE_STREAM_TYPE,
  subscriptionInvoiceStreamId,
  type CustomerInvoiced,
} from '../../domain/billing/subscription-invoice-events';
import { DomainError } from '../../domain/shared/errors';
import { loadAccountFacts } from './account-facts';
import { BillingAccountCommands, SubscriptionInvoiceCommands, subscriptionInvoiceId } from './billing-commands';
import { takeInvoiceSequence } from './invoice-numbers';

export interface FinalizedInvoice {
  invoiceId: string;
  number: string;
  total: number;
  currency: string;
}

const TX_LIMITS = { maxWait: 10_000, timeout: 20_000 };
const MAX_ATTEMPTS = 8;

/** The append committed nothing (it had been made already): the transaction must not keep its number. */
class AlreadyAppended extends Error {}

/**
 * Finalizes an account's invoice for a period, once. In ONE transaction: takes the next number of the
 * year, appends CustomerInvoiced to the new invoice stream (expected version 0) and CreditsConsumed
 * to the billing-account stream at the version the invoice was computed from. A lost race on either
 * stream rolls everything back, number included, and the invoice is computed again from fresh state;
 * an invoice issued meanwhile (a concurrent retry) is the answer.
 */
export class InvoiceFinalization {
  private readonly invoices: SubscriptionInvoiceCommands;
  private readonly billing: BillingAccountCommands;

  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly taxRateBps: number,
  ) {
    this.invoices = new SubscriptionInvoiceCommands(eventStore);
    this.billing = new BillingAccountCommands(eventStore);
  }

  async finalize(
    input: { accountId: string; period: string },
    options: { now?: () => Date; metadata?: EventMetadata } = {},
  ): Promise<FinalizedInvoice> {
    const { accountId, period } = input;
    requirePeriod(period);
    if (periodStart(period).getTime() > (options.now?.() ?? new Date()).getTime()) {
      throw new DomainError('invalid', 'period_in_future', `${period} has not started: it cannot be billed yet`);
    }
    const invoiceId = subscriptionInvoiceId(accountId, period);
    for (let attempt = 1; ; attempt++) {
      const issued = await this.issued(invoiceId);
      if (issued) return issued;
      try {
        await this.tryFinalize(accountId, period, invoiceId, options.now?.() ?? new Date(), options.metadata);
      } catch (err) {
        if (err instanceof DomainError || attempt >= MAX_ATTEMPTS) throw err;
        // A concurrent finalization of this invoice, or a credit granted meanwhile: look again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  private async issued(invoiceId: string): Promise<FinalizedInvoice | undefined> {
    const { state } = await this.invoices.load(invoiceId);
    const invoice = state.invoice;
    return invoice && { invoiceId, number: invoice.number, total: invoice.total, currency: invoice.currency };
  }

  private async tryFinalize(
    accountId: string,
    period: string,
    invoiceId: string,
    now: Date,
    metadata: EventMetadata | undefined,
  ): Promise<void> {
    const account = await loadAccountFacts(this.eventStore, accountId);
    if (!account) throw new DomainError('not_found', 'account_not_found', `Account ${accountId} does not exist`);
    if (Date.parse(account.openedAt) >= periodEnd(period).getTime()) {
      throw new DomainError('invalid', 'account_not_billable', `Account ${accountId} was opened after ${period}`);
    }
    const { state: billing, version } = await this.billing.load(accountId);
    const computation = computeInvoice({
      pkg: account.packageIn(period),
      period,
      allowances: billing.open,
      taxRateBps: this.taxRateBps,
    });
    const year = now.getUTCFullYear();
    const eventId = (streamId: string, type: string, i: number) =>
      deterministicId('finalize-invoice', invoiceId, streamId, type, i);

    await this.db.$transaction(async (tx) => {
      const number = invoiceNumber(year, await takeInvoiceSequence(tx, year));
      const data: CustomerInvoiced['data'] = {
        invoiceId,
        accountId,
        period,
        number,
        lines: computation.lines,
        subtotal: computation.subtotal,
        tax: computation.tax,
        total: computation.total,
        currency: computation.currency,
        taxRateBps: computation.taxRateBps,
        issuedAt: now.toISOString(),
      };
      const invoiceStream = subscriptionInvoiceStreamId(invoiceId);
      const billingStream = billingAccountStreamId(accountId);
      const consumed = consumeAllowances(billing, {
        accountId,
        invoiceId,
        computation,
        remainderId: (fromId) => deterministicId('allowance-remainder', invoiceId, fromId),
        now,
      });
      const appends: StreamAppend[] = [
        {
          streamId: invoiceStream,
          streamType: SUBSCRIPTION_INVOICE_STREAM_TYPE,
          expectedVersion: 0,
          events: issueInvoice(initialSubscriptionInvoiceState(), data).map((e, i) => ({
            ...e,
            eventId: eventId(invoiceStream, e.type, i),
            metadata,
          })),
        },
      ];
      if (consumed.length) {
        appends.push({
          streamId: billingStream,
          streamType: BILLING_ACCOUNT_STREAM_TYPE,
          expectedVersion: version,
          events: consumed.map((e, i) => ({ ...e, eventId: eventId(billingStream, e.type, i), metadata })),
        });
      }
      const result = await this.eventStore.appendIn(tx, appends);
      if (!result.appended) throw new AlreadyAppended(`Invoice ${invoiceId} was finalized meanwhile`);
    }, TX_LIMITS);
  }
}
