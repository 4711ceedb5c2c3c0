import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import {
  evolveBillingAccount,
  initialBillingAccountState,
  type BillingAccountState,
} from '../../domain/billing/billing-account';
import {
  BILLING_ACCOUNT_STREAM_TYPE,
  billingAccountStreamId,
  type BillingAccountEvent,
} from '../../domain/billing/billing-account-events';
import {
  evolveSubscriptionInvoice,
  initialSubscriptionInvoiceState,
  type SubscriptionInvoiceState,
} from '../../domain/billing/subscription-invoice';
import {
  SUBSCRIPTION_INVOICE_STREAM_TYPE,
  subscriptionInvoiceStreamId,
  type SubscriptionInvoiceEvent,
} from '../../domain/billing/subscription-invoice-events';
import { deterministicId } from '../../infra/event-store/ids';

export const billingAccountAggregate: AggregateType<BillingAccountState, BillingAccountEvent> = {
  streamType: BILLING_ACCOUNT_STREAM_TYPE,
  streamId: billingAccountStreamId,
  initialState: initialBillingAccountState,
  evolve: evolveBillingAccount,
};

export const subscriptionInvoiceAggregate: AggregateType<SubscriptionInvoiceState, SubscriptionInvoiceEvent> = {
  streamType: SUBSCRIPTION_INVOICE_STREAM_TYPE,
  streamId: subscriptionInvoiceStreamId,
  initialState: initialSubscriptionInvoiceState,
  evolve: evolveSubscriptionInvoice,
};

/** Commands on `billing-account-<accountId>` streams. */
export class BillingAccountCommands extends AggregateCommands<BillingAccountState, BillingAccountEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, billingAccountAggregate);
  }
}

/** Commands on `subscription-invoice-<invoiceId>` streams. */
export class SubscriptionInvoiceCommands extends AggregateCommands<SubscriptionInvoiceState, SubscriptionInvoiceEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, subscriptionInvoiceAggregate);
  }
}

/** The invoice of an account for a period: the same pair always names the same invoice. */
export const subscriptionInvoiceId = (accountId: string, period: string): string =>
  deterministicId('subscription-invoice', accountId, period);
