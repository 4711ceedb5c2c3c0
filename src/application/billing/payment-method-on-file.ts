import { randomUUID } from 'node:crypto';
import { attachPaymentMethod } from '../../domain/billing/billing-account-decisions';
import { DomainError } from '../../domain/shared/errors';
import type { EventStore } from '../../infra/event-store/event-store';
import type { PaymentGateway } from '../payments/payment-gateway';
import { loadAccountFacts } from './account-facts';
import { BillingAccountCommands } from './billing-commands';

/**
 * Puts a payment method on file for an account: creates the account's Stripe customer the first
 * time (one idempotency key per account, so a retried request never makes two) and reuses it after,
 * attaches the method there and records only Stripe's ids with the brand and last four digits it
 * reports. A method Stripe refuses records nothing.
 */
export class PaymentMethodOnFile {
  private readonly billing: BillingAccountCommands;

  constructor(
    private readonly eventStore: EventStore,
    private readonly gateway: PaymentGateway,
  ) {
    this.billing = new BillingAccountCommands(eventStore);
  }

  async attach(accountId: string, paymentMethodId: string, actorId: string): Promise<void> {
    const account = await loadAccountFacts(this.eventStore, accountId);
    if (!account) throw new DomainError('not_found', 'account_not_found', 'Account not found');
    const { state } = await this.billing.load(accountId);
    const customerId =
      state.stripeCustomerId ??
      (
        await this.gateway.createCustomer({
          accountId,
          name: account.name,
          idempotencyKey: `account-${accountId}-customer`,
        })
      ).customerId;
    const outcome = await this.gateway.attachPaymentMethod({
      customerId,
      paymentMethodId,
      idempotencyKey: `account-${accountId}-attach-${paymentMethodId}`,
    });
    if (outcome.status === 'rejected') {
      throw new DomainError(
        'invalid',
        'payment_method_rejected',
        `Stripe refused this payment method: ${outcome.message}`,
      );
    }
    await this.billing.execute(
      accountId,
      (s) =>
        attachPaymentMethod(s, {
          accountId,
          // A customer recorded meanwhile by a concurrent request is the account's: keep it.
          stripeCustomerId: s.stripeCustomerId ?? customerId,
          paymentMethodId: outcome.paymentMethodId,
          brand: outcome.brand,
          last4: outcome.last4,
          now: new Date(),
        }),
      {
        operationId: `attach-payment-method:${randomUUID()}`,
        metadata: { actor: actorId },
      },
    );
  }
}
