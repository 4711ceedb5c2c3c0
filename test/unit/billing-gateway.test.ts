import Stripe from 'stripe';
import { PaymentGatewayError } from '../../src/infra/payments/payment-gateway-error';
import type { StripeApi } from '../../src/infra/payments/stripe-api';
import { StripePaymentGateway } from '../../src/infra/payments/stripe-gateway';
import { testCard } from '../../src/infra/payments/stripe-test-mode';

// The gateway's mapping of Stripe's answers for subscription billing, over a fake Stripe client.
function fakeStripe(parts: {
  create?: StripeApi['paymentIntents']['create'];
  attach?: StripeApi['paymentMethods']['attach'];
  customer?: StripeApi['customers']['create'];
}): StripeApi {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return {
    paymentIntents: { create: parts.create ?? unexpected, retrieve: unexpected, cancel: unexpected },
    customers: { create: parts.customer ?? unexpected },
    paymentMethods: { attach: parts.attach ?? unexpected },
    refunds: { create: unexpected, list: unexpected },
  };
}

const offSession = {
  amount: 5831,
  currency: 'EUR',
  customerId: 'cus_1',
  paymentMethodId: 'pm_1',
  idempotencyKey: 'invoice-i-attempt-1',
  metadata: { invoiceId: 'i' },
};

describe('StripePaymentGateway for subscription billing', () => {
  it('charges off-session, confirmed, on the customer, with the attempt key', async () => {
    const create = jest.fn(async () => ({ id: 'pi_1', status: 'succeeded' }) as Stripe.PaymentIntent);
    const gateway = new StripePaymentGateway(fakeStripe({ create }));
    expect(await gateway.chargeOffSession(offSession)).toEqual({ status: 'succeeded', intentId: 'pi_1' });
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        customer: 'cus_1',
        payment_method: 'pm_1',
        off_session: true,
        confirm: true,
        currency: 'eur',
      }),
      { idempotencyKey: 'invoice-i-attempt-1' },
    );
  });

  it('treats an intent waiting for authentication as failed: nobody is there off-session', async () => {
    const create = async () => ({ id: 'pi_2', status: 'requires_action' }) as Stripe.PaymentIntent;
    const gateway = new StripePaymentGateway(fakeStripe({ create }));
    expect(await gateway.chargeOffSession(offSession)).toMatchObject({
      status: 'failed',
      intentId: 'pi_2',
      failureCode: 'authentication_required',
    });
  });

  it('reports a card error on attach as a rejection, and an outage as a retryable error', async () => {
    const rejecting = new StripePaymentGateway(
      fakeStripe({
        attach: async () => {
          throw new Stripe.errors.StripeInvalidRequestError({
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: "No such PaymentMethod: 'pm_x'",
          });
        },
      }),
    );
    expect(
      await rejecting.attachPaymentMethod({ customerId: 'cus_1', paymentMethodId: 'pm_x', idempotencyKey: 'k' }),
    ).toEqual({
      status: 'rejected',
      code: 'resource_missing',
      message: "No such PaymentMethod: 'pm_x'",
    });
    const down = new StripePaymentGateway(
      fakeStripe({
        attach: async () => {
          throw new Stripe.errors.StripeConnectionError({ type: 'api_error', message: 'socket hang up' });
        },
      }),
    );
    const err = await down
      .attachPaymentMethod({ customerId: 'cus_1', paymentMethodId: 'pm_1', idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentGatewayError);
    expect((err as PaymentGatewayError).retryable).toBe(true);
  });

  it('reads brand and last4 from the attached card, and creates customers with the given key', async () => {
    const gateway = new StripePaymentGateway(
      fakeStripe({
        attach: async (id) => ({ id, type: 'card', card: { brand: 'visa', last4: '4242' } }) as Stripe.PaymentMethod,
        customer: async (params, options) => ({ id: `cus_${options?.idempotencyKey}`, ...params }) as Stripe.Customer,
      }),
    );
    expect(
      await gateway.attachPaymentMethod({ customerId: 'c', paymentMethodId: 'pm_9', idempotencyKey: 'k' }),
    ).toEqual({
      status: 'attached',
      paymentMethodId: 'pm_9',
      brand: 'visa',
      last4: '4242',
    });
    expect(await gateway.createCustomer({ accountId: 'a', name: 'A', idempotencyKey: 'account-a-customer' })).toEqual({
      customerId: 'cus_account-a-customer',
    });
  });
});

describe("test mode: Stripe's test cards", () => {
  it.each([
    ['pm_card_visa', 'visa', '4242'],
    ['pm_card_mastercard', 'mastercard', '4444'],
    ['pm_card_amex', 'amex', '8431'],
    ['pm_card_chargeDeclined', 'visa', '0002'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'visa', '9995'],
  ])('%s is a %s ending %s', (pm, brand, last4) => {
    expect(testCard(pm)).toEqual({ brand, last4 });
  });

  it('knows no other ids', () => {
    for (const pm of ['pm_123', 'pm_card_', 'pm_card_nope', 'card_visa', '']) expect(testCard(pm)).toBeUndefined();
  });
});
