import Stripe from 'stripe';
import { PaymentGatewayError } from '../../src/infra/payments/payment-gateway-error';
import type { StripeApi } from '../../src/infra/payments/stripe-api';
import { StripePaymentGateway } from '../../src/infra/payments/stripe-gateway';
import { testCardBehaviour } from '../../src/infra/payments/stripe-test-mode';

// How the gateway reads Stripe's answers, with a fake Stripe (the real HTTP path is covered by
// test/integration/stripe-gateway.test.ts against stripe-mock).

const intent = (fields: Partial<Stripe.PaymentIntent>): Stripe.PaymentIntent =>
  ({
    id: 'pi_1',
    object: 'payment_intent',
    status: 'succeeded',
    last_payment_error: null,
    ...fields,
  }) as Stripe.PaymentIntent;

function fakeStripe(overrides: {
  create?: () => Promise<Stripe.PaymentIntent>;
  retrieve?: () => Promise<Stripe.PaymentIntent>;
  cancel?: () => Promise<Stripe.PaymentIntent>;
  refund?: () => Promise<Stripe.Refund>;
  listRefunds?: () => Promise<Stripe.ApiList<Stripe.Refund>>;
}): StripeApi {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return {
    paymentIntents: {
      create: overrides.create ?? unexpected,
      retrieve: overrides.retrieve ?? unexpected,
      cancel: overrides.cancel ?? unexpected,
    },
    customers: { create: unexpected },
    paymentMethods: { attach: unexpected },
    refunds: { create: overrides.refund ?? unexpected, list: overrides.listRefunds ?? unexpected },
  };
}

const request = {
  amount: 1000,
  currency: 'EUR',
  paymentMethodId: 'pm_1',
  idempotencyKey: 'order-1-payment',
  metadata: { orderId: 'o1', paymentId: 'p1' },
};
const gatewayError = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a gateway error');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(PaymentGatewayError);
      return err as PaymentGatewayError;
    },
  );

describe('Stripe payment gateway: reading Stripe', () => {
  it.each<[Stripe.PaymentIntent.Status, string]>([
    ['succeeded', 'succeeded'],
    ['requires_action', 'requires_action'],
    ['processing', 'requires_action'],
    ['requires_payment_method', 'failed'],
    ['canceled', 'failed'],
  ])('maps an intent left %s to %s', async (status, expected) => {
    const gateway = new StripePaymentGateway(fakeStripe({ create: async () => intent({ status }) }));
    expect((await gateway.charge(request)).status).toBe(expected);
  });

  it('takes the failure of an intent back to requires_payment_method from its last error', async () => {
    const gateway = new StripePaymentGateway(
      fakeStripe({
        create: async () =>
          intent({
            status: 'requires_payment_method',
            last_payment_error: {
              type: 'card_error',
              code: 'card_declined',
              decline_code: 'do_not_honor',
              message: 'No',
            },
          }),
      }),
    );
    expect(await gateway.charge(request)).toEqual({
      status: 'failed',
      intentId: 'pi_1',
      failureCode: 'card_declined',
      failureMessage: 'No',
      declineCode: 'do_not_honor',
    });
  });

  it('maps a card error without an intent to a failure without one', async () => {
    const gateway = new StripePaymentGateway(
      fakeStripe({
        create: () =>
          Promise.reject(
            new Stripe.errors.StripeCardError({ type: 'card_error', code: 'card_declined', message: 'Declined' }),
          ),
      }),
    );
    expect(await gateway.charge(request)).toEqual({
      status: 'failed',
      failureCode: 'card_declined',
      failureMessage: 'Declined',
    });
  });

  it('maps a payment method Stripe does not know to a failed payment, not a crash', async () => {
    const gateway = new StripePaymentGateway(
      fakeStripe({
        create: () =>
          Promise.reject(
            new Stripe.errors.StripeInvalidRequestError({
              type: 'invalid_request_error',
              code: 'resource_missing',
              param: 'payment_method',
              message: "No such PaymentMethod: 'pm_nope'",
            }),
          ),
      }),
    );
    expect(await gateway.charge(request)).toMatchObject({ status: 'failed', failureCode: 'resource_missing' });
  });

  it.each<[string, Stripe.errors.StripeError, boolean]>([
    ['a Stripe outage', new Stripe.errors.StripeAPIError({ message: 'boom', statusCode: 500 }), true],
    ['a rate limit', new Stripe.errors.StripeRateLimitError({ message: 'slow down', statusCode: 429 }), true],
    ['a network failure', new Stripe.errors.StripeConnectionError({ message: 'ECONNRESET' }), true],
    ['a bad key (fixable)', new Stripe.errors.StripeAuthenticationError({ message: 'bad key', statusCode: 401 }), true],
    [
      'a reused idempotency key',
      new Stripe.errors.StripeIdempotencyError({ message: 'reused', statusCode: 400 }),
      false,
    ],
  ])('reports %s as a gateway error, retryable or not', async (_case, error, retryable) => {
    const gateway = new StripePaymentGateway(fakeStripe({ create: () => Promise.reject(error) }));
    expect((await gatewayError(gateway.charge(request))).retryable).toBe(retryable);
  });

  describe('cancel', () => {
    const tooLate = () =>
      Promise.reject(
        new Stripe.errors.StripeInvalidRequestError({
          type: 'invalid_request_error',
          code: 'payment_intent_unexpected_state',
          message: 'You cannot cancel this PaymentIntent',
          // What the error says may be old (Stripe replays it for the same key): the gateway asks again.
          payment_intent: intent({ status: 'requires_action' }),
        }),
      );

    it('answers succeeded when the intent took the money meanwhile', async () => {
      const gateway = new StripePaymentGateway(
        fakeStripe({ cancel: tooLate, retrieve: async () => intent({ status: 'succeeded' }) }),
      );
      await expect(gateway.cancel('pi_1', 'k')).resolves.toBe('succeeded');
    });

    it('answers cancelled when the intent was cancelled already', async () => {
      const gateway = new StripePaymentGateway(
        fakeStripe({ cancel: tooLate, retrieve: async () => intent({ status: 'canceled' }) }),
      );
      await expect(gateway.cancel('pi_1', 'k')).resolves.toBe('cancelled');
    });

    it('asks to be retried while the intent is processing', async () => {
      const gateway = new StripePaymentGateway(
        fakeStripe({ cancel: tooLate, retrieve: async () => intent({ status: 'processing' }) }),
      );
      expect((await gatewayError(gateway.cancel('pi_1', 'k'))).retryable).toBe(true);
    });
  });

  it('finds the refund made under another key when the charge was refunded already', async () => {
    const gateway = new StripePaymentGateway(
      fakeStripe({
        refund: () =>
          Promise.reject(
            new Stripe.errors.StripeInvalidRequestError({
              type: 'invalid_request_error',
              code: 'charge_already_refunded',
              message: 'Charge has already been refunded.',
            }),
          ),
        listRefunds: async () =>
          ({ object: 'list', data: [{ id: 're_earlier', status: 'succeeded' }], has_more: false, url: '' }) as never,
      }),
    );
    await expect(
      gateway.refund({ intentId: 'pi_1', idempotencyKey: 'k', reason: 'requested_by_customer' }),
    ).resolves.toEqual({ refundId: 're_earlier' });
  });
});

describe('Stripe test mode: what each test payment method does', () => {
  it.each(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_visa_debit', 'pm_1PgafyB7WZ01zgkW'])(
    '%s succeeds',
    (pm) => {
      expect(testCardBehaviour(pm)).toEqual({ kind: 'succeeds' });
    },
  );

  it.each([
    'pm_card_authenticationRequired',
    'pm_card_threeDSecure2Required',
    'pm_card_threeDSecureRequired',
    'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
  ])('%s needs the customer', (pm) => {
    expect(testCardBehaviour(pm)).toEqual({ kind: 'requires_action' });
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
    ['pm_card_visa_chargeDeclinedVelocityLimitExceeded', 'card_declined', 'card_velocity_exceeded'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedSomethingNew', 'card_declined', 'generic_decline'],
  ])('%s is declined with %s / %s', (pm, code, declineCode) => {
    expect(testCardBehaviour(pm)).toMatchObject({ kind: 'declined', code, declineCode });
  });
});
