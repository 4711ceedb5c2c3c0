import Stripe from 'stripe';
import type { PaymentWebhookEvent } from '../../application/payments/payment-gateway';

// Stripe signs each webhook: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
// with the endpoint's secret. Only the exact bytes received verify, so the raw body is needed.

/** How old a signature may be, in seconds, before a replayed webhook is refused (Stripe's default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The webhook cannot be trusted or read; nothing in it may be acted on. */
export class PaymentWebhookError extends Error {
  constructor(
    readonly code: 'webhook_signature_missing' | 'webhook_signature_invalid' | 'webhook_payload_malformed',
    message: string,
  ) {
    super(message);
    this.name = 'PaymentWebhookError';
  }
}

const HANDLED = new Set<PaymentWebhookEvent['type']>(['payment_intent.succeeded', 'payment_intent.payment_failed']);

/**
 * Verifies a Stripe webhook and says what it tells about a PaymentIntent; null for event types we
 * do not act on. Throws PaymentWebhookError for a missing, forged or stale signature (also one
 * dated too far in the future, which could otherwise be replayed for long) or a malformed payload.
 */
export function parsePaymentWebhook(
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  secret: string,
  now: Date = new Date(),
): PaymentWebhookEvent | null {
  if (!signatureHeader)
    throw new PaymentWebhookError('webhook_signature_missing', 'Stripe-Signature header is missing');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      undefined,
      now.getTime(),
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new PaymentWebhookError('webhook_signature_invalid', `Stripe signature rejected: ${err.message}`);
    }
    throw new PaymentWebhookError('webhook_payload_malformed', 'Webhook body is not a JSON event');
  }
  const signedAt = Number(/(?:^|,)t=(\d+)/.exec(signatureHeader)?.[1]);
  if (signedAt - now.getTime() / 1000 > WEBHOOK_TOLERANCE_SECONDS) {
    throw new PaymentWebhookError('webhook_signature_invalid', 'Stripe signature is dated in the future');
  }
  return toPaymentEvent(event);
}

function toPaymentEvent(event: Stripe.Event): PaymentWebhookEvent | null {
  if (!isObject(event) || typeof event.id !== 'string' || typeof event.type !== 'string') {
    throw new PaymentWebhookError('webhook_payload_malformed', 'Webhook body is not a Stripe event');
  }
  if (!HANDLED.has(event.type as PaymentWebhookEvent['type'])) return null;
  const intent = (event.data as { object?: unknown } | undefined)?.object as Partial<Stripe.PaymentIntent> | undefined;
  if (!isObject(intent) || typeof intent.id !== 'string') {
    throw new PaymentWebhookError('webhook_payload_malformed', `${event.type} carries no payment intent`);
  }
  const orderId = isObject(intent.metadata) ? intent.metadata.orderId : undefined;
  const error = intent.last_payment_error;
  return {
    eventId: event.id,
    type: event.type as PaymentWebhookEvent['type'],
    intentId: intent.id,
    ...(typeof orderId === 'string' && orderId && { orderId }),
    ...(event.type === 'payment_intent.payment_failed' && {
      failureCode: error?.code ?? 'payment_failed',
      failureMessage: error?.message ?? 'The payment did not go through',
    }),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> & object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `Stripe-Signature` header Stripe would send with this exact payload (for tests and local tools). */
export function signPaymentWebhook(payload: string, secret: string, at: Date = new Date()): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(at.getTime() / 1000) });
}
