import { randomUUID } from 'node:crypto';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { BillingAccountCommands } from '../../src/application/billing/billing-commands';
import { openAccount } from '../../src/domain/accounts/account-decisions';
import type { Infrastructure } from '../../src/infra/infrastructure';
import { registerFan } from './shop';

export interface BillingTestAccount {
  accountId: string;
  owner: { userId: string; email: string };
}

/**
 * An account opened at `openedAt` (tests bill a period of their own far in the past, so accounts of other
 * tests and files are not in it) by a real owner, with a payment method on file unless `paymentMethodId` is null.
 */
export async function openBillingAccount(
  infra: Infrastructure,
  options: {
    openedAt: Date;
    paymentMethodId?: string | null;
    monthlyPrice?: number;
    currency?: string;
    /** An owner id that is no registered user: the invoice cannot be emailed to anyone. */
    unknownOwner?: boolean;
  },
): Promise<BillingTestAccount> {
  const owner = options.unknownOwner
    ? { userId: randomUUID(), email: 'nobody@example.test' }
    : await registerFan(infra, 'Owner Example');
  const accountId = randomUUID();
  await new AccountCommands(infra.eventStore).execute(
    accountId,
    (state) =>
      openAccount(state, {
        accountId,
        name: 'Billing Test Promotions',
        package: {
          planId: randomUUID(),
          planName: 'Club',
          monthlyPrice: options.monthlyPrice ?? 4900,
          currency: options.currency ?? 'EUR',
          userLimit: 5,
          totalSeats: 100,
        },
        ownerId: owner.userId,
        now: options.openedAt,
      }),
    { operationId: `open:${accountId}` },
  );
  const paymentMethodId = options.paymentMethodId === undefined ? 'pm_card_visa' : options.paymentMethodId;
  if (paymentMethodId) await attachTestPaymentMethod(infra, accountId, paymentMethodId);
  return { accountId, owner };
}

/** Puts a Stripe test payment method on file (the API's path is tested by the billing core's own tests). */
export async function attachTestPaymentMethod(
  infra: Infrastructure,
  accountId: string,
  paymentMethodId: string,
): Promise<void> {
  await new BillingAccountCommands(infra.eventStore).execute(
    accountId,
    () => [
      {
        type: 'PaymentMethodAttached',
        data: {
          accountId,
          stripeCustomerId: `cus_test_${accountId.slice(0, 8)}`,
          paymentMethodId,
          brand: 'visa',
          last4: '4242',
          at: new Date().toISOString(),
        },
      },
    ],
    { operationId: `attach:${accountId}:${paymentMethodId}:${randomUUID()}` },
  );
}

/** The types of a stream's events, in order, with their global positions. */
export async function streamEvents(infra: Infrastructure, streamId: string) {
  return (await infra.eventStore.readStream(streamId)).map((e) => ({
    type: e.type,
    position: Number(e.position),
    data: e.data as Record<string, unknown>,
  }));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
