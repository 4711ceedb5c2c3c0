import { createHmac } from 'node:crypto';
import { parsePaymentWebhook, PaymentWebhookError, signPaymentWebhook } from '../../src/infra/payments/stripe-webhooks';

const SECRET = 'whsec_test_secret_for_unit_tests';
const now = new Date('2026-11-21T10:00:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

const event = (type: string, intent: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type,
    created: seconds(now),
    data: {
      object: { id: 'pi_1', object: 'payment_intent', status: 'succeeded', metadata: { orderId: 'ord-1' }, ...intent },
    },
  });

/** Runs `fn`, expecting a PaymentWebhookError, and returns its code. */
function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PaymentWebhookError);
    return (err as PaymentWebhookError).code;
  }
  throw new Error('expected the webhook to be rejected');
}

describe('Stripe webhook verification', () => {
  it('accepts a correctly signed payment_intent.succeeded and says which order it is for', () => {
    const payload = event('payment_intent.succeeded');
    const header = signPaymentWebhook(payload, SECRET, now);

    expect(parsePaymentWebhook(Buffer.from(payload), header, SECRET, now)).toEqual({
      eventId: 'evt_1',
      type: 'payment_intent.succeeded',
      intentId: 'pi_1',
      orderId: 'ord-1',
    });
  });

  it('signs the way Stripe documents it: t=<time>,v1=HMAC-SHA256 of "<time>.<payload>"', () => {
    const payload = event('payment_intent.succeeded');
    const t = seconds(now);
    const v1 = createHmac('sha256', SECRET).update(`${t}.${payload}`).digest('hex');

    expect(signPaymentWebhook(payload, SECRET, now)).toBe(`t=${t},v1=${v1}`);
    // And a header built by hand that way verifies, also with a second (rolled) signature beside it.
    expect(parsePaymentWebhook(payload, `t=${t},v1=${'0'.repeat(64)},v1=${v1}`, SECRET, now)?.intentId).toBe('pi_1');
  });

  it('carries the failure of payment_intent.payment_failed', () => {
    const payload = event('payment_intent.payment_failed', {
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
    });
    expect(parsePaymentWebhook(payload, signPaymentWebhook(payload, SECRET, now), SECRET, now)).toEqual({
      eventId: 'evt_1',
      type: 'payment_intent.payment_failed',
      intentId: 'pi_1',
      orderId: 'ord-1',
      failureCode: 'card_declined',
      failureMessage: 'Your card was declined.',
    });
  });

  it('answers null for event types we do not act on', () => {
    for (const type of ['charge.succeeded', 'payment_intent.created', 'customer.created']) {
      const payload = event(type);
      expect(parsePaymentWebhook(payload, signPaymentWebhook(payload, SECRET, now), SECRET, now)).toBeNull();
    }
  });

  it('leaves the order out when the intent has none in its metadata', () => {
    const payload = event('payment_intent.succeeded', { metadata: {} });
    const parsed = parsePaymentWebhook(payload, signPaymentWebhook(payload, SECRET, now), SECRET, now);
    expect(parsed).toEqual({ eventId: 'evt_1', type: 'payment_intent.succeeded', intentId: 'pi_1' });
  });

  it('rejects a missing signature', () => {
    expect(rejection(() => parsePaymentWebhook(event('payment_intent.succeeded'), undefined, SECRET, now))).toBe(
      'webhook_signature_missing',
    );
    expect(rejection(() => parsePaymentWebhook(event('payment_intent.succeeded'), '', SECRET, now))).toBe(
      'webhook_signature_missing',
    );
  });

  it('rejects a signature made with another secret', () => {
    const payload = event('payment_intent.succeeded');
    const forged = signPaymentWebhook(payload, 'whsec_someone_else', now);
    expect(rejection(() => parsePaymentWebhook(payload, forged, SECRET, now))).toBe('webhook_signature_invalid');
  });

  it('rejects a body changed after signing', () => {
    const payload = event('payment_intent.succeeded');
    const header = signPaymentWebhook(payload, SECRET, now);
    const tampered = payload.replace('ord-1', 'ord-2');
    expect(rejection(() => parsePaymentWebhook(tampered, header, SECRET, now))).toBe('webhook_signature_invalid');
  });

  it('rejects a header that is not a Stripe signature', () => {
    const payload = event('payment_intent.succeeded');
    for (const header of ['garbage', 't=abc', `t=${seconds(now)}`, `v1=${'a'.repeat(64)}`]) {
      expect(rejection(() => parsePaymentWebhook(payload, header, SECRET, now))).toBe('webhook_signature_invalid');
    }
  });

  it('rejects a replay older than five minutes, and accepts one just inside', () => {
    const payload = event('payment_intent.succeeded');
    const stale = signPaymentWebhook(payload, SECRET, new Date(now.getTime() - 301_000));
    const recent = signPaymentWebhook(payload, SECRET, new Date(now.getTime() - 299_000));

    expect(rejection(() => parsePaymentWebhook(payload, stale, SECRET, now))).toBe('webhook_signature_invalid');
    expect(parsePaymentWebhook(payload, recent, SECRET, now)?.eventId).toBe('evt_1');
  });

  it('rejects a signature dated far in the future', () => {
    const payload = event('payment_intent.succeeded');
    const future = signPaymentWebhook(payload, SECRET, new Date(now.getTime() + 3_600_000));
    expect(rejection(() => parsePaymentWebhook(payload, future, SECRET, now))).toBe('webhook_signature_invalid');
  });

  it('rejects a correctly signed body that is not a Stripe event', () => {
    for (const payload of [
      'not json at all',
      '[1,2,3]',
      JSON.stringify({ id: 'evt_1' }),
      JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: {} }),
      JSON.stringify({ id: 'evt_1', type: 'payment_intent.succeeded', data: { object: { status: 'succeeded' } } }),
    ]) {
      const header = signPaymentWebhook(payload, SECRET, now);
      expect(rejection(() => parsePaymentWebhook(payload, header, SECRET, now))).toBe('webhook_payload_malformed');
    }
  });
});
