import {
  evolveBillingAccount,
  initialBillingAccountState,
  isSuspended,
} from '../../src/domain/billing/billing-account';
import {
  attachPaymentMethod,
  consumeAllowances,
  grantCredit,
  reactivateAccount,
  suspendAccount,
} from '../../src/domain/billing/billing-account-decisions';
import type { BillingAccountEvent } from '../../src/domain/billing/billing-account-events';
import {
  evolveSubscriptionInvoice,
  initialSubscriptionInvoiceState,
  paymentStatusOf,
} from '../../src/domain/billing/subscription-invoice';
import {
  issueInvoice,
  markUncollectible,
  recordPaid,
  recordPaymentFailure,
} from '../../src/domain/billing/subscription-invoice-decisions';
import type { SubscriptionInvoiceEvent } from '../../src/domain/billing/subscription-invoice-events';
import { DomainError } from '../../src/domain/shared/errors';

const now = new Date('2026-12-01T02:00:00.000Z');
const account = (events: BillingAccountEvent[]) => events.reduce(evolveBillingAccount, initialBillingAccountState());
const inv = (events: SubscriptionInvoiceEvent[]) =>
  events.reduce(evolveSubscriptionInvoice, initialSubscriptionInvoiceState());
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? { kind: err.kind, code: err.code } : err;
  }
  throw new Error('expected a refusal');
};

const credit = { id: 'c1', accountId: 'a', amount: 1500, currency: 'EUR', reason: 'Outage', planCurrency: 'EUR', now };

describe('billing account', () => {
  it('grants credits in minor units above zero, in the plan currency only', () => {
    expect(grantCredit(account([]), { ...credit, grantedBy: 'admin' })[0].type).toBe('AccountCreditGranted');
    expect(refusal(() => grantCredit(account([]), { ...credit, amount: 0, grantedBy: 'x' }))).toEqual({
      kind: 'invalid',
      code: 'invalid_amount',
    });
    expect(refusal(() => grantCredit(account([]), { ...credit, amount: -5, grantedBy: 'x' }))).toMatchObject({
      code: 'invalid_amount',
    });
    expect(refusal(() => grantCredit(account([]), { ...credit, amount: 1.5, grantedBy: 'x' }))).toMatchObject({
      code: 'invalid_amount',
    });
    expect(refusal(() => grantCredit(account([]), { ...credit, currency: 'USD', grantedBy: 'x' }))).toEqual({
      kind: 'invalid',
      code: 'currency_mismatch',
    });
    expect(refusal(() => grantCredit(account([]), { ...credit, reason: '  ', grantedBy: 'x' }))).toMatchObject({
      code: 'invalid_reason',
    });
  });

  it('consumes allowances once per invoice and carries remainders under the given id', () => {
    const granted = grantCredit(account([]), { ...credit, amount: 6000, grantedBy: 'admin' });
    const state = account(granted);
    const computation = {
      consumed: { creditIds: ['c1'], refundIds: [] },
      carried: [{ kind: 'credit' as const, fromId: 'c1', amount: 1100, currency: 'EUR', reason: 'Outage' }],
    };
    const events = consumeAllowances(state, {
      accountId: 'a',
      invoiceId: 'i1',
      computation,
      remainderId: (id) => `${id}-rest`,
      now,
    });
    expect(events.map((e) => e.type)).toEqual(['CreditsConsumed', 'AccountCreditGranted']);
    const after = account([...granted, ...events]);
    expect(after.open).toEqual([
      { id: 'c1-rest', kind: 'credit', amount: 1100, currency: 'EUR', reason: 'Outage (remainder)' },
    ]);
    expect(
      consumeAllowances(after, { accountId: 'a', invoiceId: 'i1', computation, remainderId: (id) => id, now }),
    ).toEqual([]);
    // Another invoice cannot use what is gone.
    expect(
      refusal(() =>
        consumeAllowances(after, { accountId: 'a', invoiceId: 'i2', computation, remainderId: (id) => id, now }),
      ),
    ).toMatchObject({ code: 'allowance_not_open' });
  });

  it('attaching the same method again records nothing', () => {
    const cmd = {
      accountId: 'a',
      stripeCustomerId: 'cus_1',
      paymentMethodId: 'pm_1',
      brand: 'visa',
      last4: '4242',
      now,
    };
    const events = attachPaymentMethod(account([]), cmd);
    expect(events).toHaveLength(1);
    expect(attachPaymentMethod(account(events), cmd)).toEqual([]);
    expect(attachPaymentMethod(account(events), { ...cmd, paymentMethodId: 'pm_2' })).toHaveLength(1);
  });

  it('is suspended while any uncollectible invoice is unpaid, and reactivated when the last is paid', () => {
    const s1 = suspendAccount(account([]), { accountId: 'a', invoiceId: 'i1', now });
    const s2 = suspendAccount(account(s1), { accountId: 'a', invoiceId: 'i2', now });
    expect(suspendAccount(account(s1), { accountId: 'a', invoiceId: 'i1', now })).toEqual([]);
    const r1 = reactivateAccount(account([...s1, ...s2]), { accountId: 'a', invoiceId: 'i1', now });
    expect(isSuspended(account([...s1, ...s2, ...r1]))).toBe(true);
    const r2 = reactivateAccount(account([...s1, ...s2, ...r1]), { accountId: 'a', invoiceId: 'i2', now });
    expect(isSuspended(account([...s1, ...s2, ...r1, ...r2]))).toBe(false);
    expect(reactivateAccount(account([]), { accountId: 'a', invoiceId: 'i9', now })).toEqual([]);
  });
});

describe('subscription invoice', () => {
  const issued = issueInvoice(inv([]), {
    invoiceId: 'i1',
    accountId: 'a',
    period: '2026-11',
    number: 'BO-2026-000001',
    lines: [],
    subtotal: 4900,
    tax: 931,
    total: 5831,
    currency: 'EUR',
    taxRateBps: 1900,
    issuedAt: now.toISOString(),
  });

  it('is issued once', () => {
    expect(refusal(() => issueInvoice(inv(issued), issued[0].data as never))).toMatchObject({ code: 'invoice_exists' });
  });

  it('is paid once, and a failure after payment records nothing', () => {
    const paid = recordPaid(inv(issued), { attempt: 1, intentId: 'pi_1', now });
    expect(paid[0].data).toMatchObject({ amount: 5831, intentId: 'pi_1', attempt: 1 });
    expect(recordPaid(inv([...issued, ...paid]), { attempt: 2, intentId: 'pi_2', now })).toEqual([]);
    expect(
      recordPaymentFailure(inv([...issued, ...paid]), {
        attempt: 2,
        failureCode: 'x',
        failureMessage: 'x',
        nextAttemptAt: null,
        now,
      }),
    ).toEqual([]);
    expect(paymentStatusOf(inv([...issued, ...paid]))).toBe('paid');
  });

  it('records each attempt failure once; uncollectible unless paid; a later payment wins', () => {
    const failed = recordPaymentFailure(inv(issued), {
      attempt: 1,
      failureCode: 'card_declined',
      failureMessage: 'Declined',
      nextAttemptAt: new Date('2026-12-02T02:00:00.000Z'),
      now,
    });
    expect(
      recordPaymentFailure(inv([...issued, ...failed]), {
        attempt: 1,
        failureCode: 'x',
        failureMessage: 'x',
        nextAttemptAt: null,
        now,
      }),
    ).toEqual([]);
    expect(paymentStatusOf(inv([...issued, ...failed]))).toBe('payment_failed');
    const lost = markUncollectible(inv([...issued, ...failed]), { now });
    expect(paymentStatusOf(inv([...issued, ...failed, ...lost]))).toBe('uncollectible');
    expect(markUncollectible(inv([...issued, ...failed, ...lost]), { now })).toEqual([]);
    const paid = recordPaid(inv([...issued, ...failed, ...lost]), { attempt: 5, intentId: 'pi_5', now });
    expect(paymentStatusOf(inv([...issued, ...failed, ...lost, ...paid]))).toBe('paid');
    expect(markUncollectible(inv([...issued, ...paid]), { now })).toEqual([]);
  });
});
