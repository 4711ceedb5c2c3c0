import { randomUUID } from 'node:crypto';
import type { ChargeRequest, PaymentGateway } from '../../src/application/payments/payment-gateway';
import { createPaymentGateway } from '../../src/infra/payments/create-payment-gateway';
import { PaymentGatewayError } from '../../src/infra/payments/payment-gateway-error';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

// The gateway in test mode, against the real stripe-mock (through a recording proxy, to see what
// reached it). stripe-mock validates every request against Stripe's OpenAPI spec.
describe('Stripe payment gateway (test mode over stripe-mock)', () => {
  let proxy: RecordingProxy;
  let gateway: PaymentGateway;

  beforeAll(async () => {
    proxy = await startRecordingProxy(process.env.STRIPE_MOCK_URL!);
    gateway = createPaymentGateway({ mockUrl: proxy.url });
  });
  afterAll(() => proxy?.close());
  beforeEach(() => proxy.clear());

  const charge = (paymentMethodId: string, overrides: Partial<ChargeRequest> = {}): ChargeRequest => {
    const orderId = randomUUID();
    return {
      amount: 4500,
      currency: 'EUR',
      paymentMethodId,
      idempotencyKey: `order-${orderId}-payment`,
      metadata: { orderId, paymentId: randomUUID() },
      description: `Boxoffice order ${orderId}`,
      ...overrides,
    };
  };

  it('charges pm_card_visa: the intent succeeds, and the request carries what Stripe needs', async () => {
    const request = charge('pm_card_visa');
    const outcome = await gateway.charge(request);

    expect(outcome).toEqual({ status: 'succeeded', intentId: expect.stringMatching(/^pi_tm_ok_[0-9a-f]{24}$/) });
    const [sent] = proxy.chargeRequests();
    expect(proxy.chargeRequests()).toHaveLength(1);
    expect(sent.idempotencyKey).toBe(request.idempotencyKey);
    expect(sent.status).toBe(200);
    expect(Object.fromEntries(sent.params)).toMatchObject({
      amount: '4500',
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[orderId]': request.metadata.orderId,
      'metadata[paymentId]': request.metadata.paymentId,
    });
  });

  it('names the same intent for a retry with the same key, and another intent for another key', async () => {
    const request = charge('pm_card_mastercard');
    const first = await gateway.charge(request);
    const retry = await gateway.charge(request);
    const other = await gateway.charge(charge('pm_card_mastercard'));

    expect(retry).toEqual(first);
    expect(other.status).toBe('succeeded');
    expect(other.intentId).not.toBe(first.intentId);
    // stripe-mock is stateless: both calls reached it, each with the key that makes Stripe replay the first.
    expect(proxy.chargeRequests(request.idempotencyKey)).toHaveLength(2);
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
  ])('declines %s with %s (%s)', async (paymentMethodId, failureCode, declineCode) => {
    const outcome = await gateway.charge(charge(paymentMethodId));

    expect(outcome).toEqual({
      status: 'failed',
      intentId: expect.stringMatching(/^pi_tm_declined_/),
      failureCode,
      declineCode,
      failureMessage: expect.any(String),
    });
    expect(proxy.chargeRequests()).toHaveLength(1);
  });

  it.each(['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required', 'pm_card_threeDSecureRequired'])(
    'leaves %s waiting for the customer (requires_action)',
    async (paymentMethodId) => {
      const outcome = await gateway.charge(charge(paymentMethodId));
      expect(outcome).toEqual({ status: 'requires_action', intentId: expect.stringMatching(/^pi_tm_3ds_/) });
    },
  );

  it('cancels an intent waiting for the customer, with its idempotency key', async () => {
    const { intentId } = (await gateway.charge(charge('pm_card_authenticationRequired'))) as { intentId: string };
    proxy.clear();

    await expect(gateway.cancel(intentId, 'cancel-key-1')).resolves.toBe('cancelled');
    expect(proxy.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: `/v1/payment_intents/${intentId}/cancel`,
        idempotencyKey: 'cancel-key-1',
      }),
    ]);
  });

  it('answers succeeded when asked to cancel an intent that took the money', async () => {
    const { intentId } = (await gateway.charge(charge('pm_card_visa'))) as { intentId: string };
    proxy.clear();

    await expect(gateway.cancel(intentId, 'cancel-key-2')).resolves.toBe('succeeded');
    // It asked Stripe for the intent's current state, as it would after Stripe's refusal.
    expect(proxy.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/payment_intents/${intentId}/cancel`,
      `GET /v1/payment_intents/${intentId}`,
    ]);
  });

  it('refunds a payment in full, once per idempotency key', async () => {
    const { intentId } = (await gateway.charge(charge('pm_card_visa'))) as { intentId: string };
    proxy.clear();
    const request = { intentId, idempotencyKey: `refund-${randomUUID()}`, reason: 'requested_by_customer' as const };

    const first = await gateway.refund(request);
    const retry = await gateway.refund(request);

    expect(first.refundId).toMatch(/^re_tm_[0-9a-f]{24}$/);
    expect(retry).toEqual(first);
    expect(proxy.requests).toHaveLength(2);
    for (const sent of proxy.requests) {
      expect(sent).toMatchObject({ method: 'POST', path: '/v1/refunds', idempotencyKey: request.idempotencyKey });
      expect(Object.fromEntries(sent.params)).toEqual({ payment_intent: intentId, reason: 'requested_by_customer' });
    }
  });

  it('fails the payment when Stripe refuses the request itself (nothing is charged)', async () => {
    const outcome = await gateway.charge(charge('pm_card_visa', { amount: 12.5 }));
    expect(outcome).toMatchObject({ status: 'failed', failureCode: expect.any(String) });
    expect(proxy.chargeRequests()[0].status).toBe(400);
  });

  it('reports a refused refund as a gateway error that retrying cannot fix', async () => {
    const refund = {
      intentId: 'pi_tm_ok_x',
      amount: 12.5,
      idempotencyKey: 'refund-key-3',
      reason: 'duplicate' as const,
    };
    const err = await gateway.refund(refund).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentGatewayError);
    expect(err).toMatchObject({ retryable: false });
  });

  it('reports an unreachable provider as a gateway error worth retrying', async () => {
    proxy.injectFault('refuse', 10);
    const err = await gateway.charge(charge('pm_card_visa')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentGatewayError);
    expect(err).toMatchObject({ retryable: true });
    // The SDK tried again by itself, with the same key each time.
    const keys = new Set(proxy.chargeRequests().map((r) => r.idempotencyKey));
    expect(proxy.chargeRequests().length).toBeGreaterThan(1);
    expect(keys.size).toBe(1);
  });
});
