import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import type { StripeApi } from './stripe-api';

// Stripe test mode, on top of stripe-mock. stripe-mock validates every request against Stripe's
// OpenAPI spec but is stateless and answers with fixtures: it never declines, never asks for 3-D
// Secure, echoes no metadata, and gives every response a fresh random id — even for a retry with
// the same idempotency key, where Stripe replays the first answer. This layer still sends each call
// to stripe-mock over HTTP (so the real API, and the Idempotency-Key header, are exercised), then
// reshapes the answer the way Stripe test mode would for the documented test payment methods.
//
// Intent ids are derived from the idempotency key, so a retried charge names the same intent (as
// with Stripe) and webhooks, cancels and refunds can be matched to it. The id also carries how the
// intent ended at creation (`pi_tm_ok_…`, `pi_tm_3ds_…`, `pi_tm_declined_…`): the layer keeps no
// state, so a cancel sent after a restart, or from another process, still knows whether the money
// was taken.

type Decline = { code: string; declineCode: string; message: string };

export type TestCardBehaviour = { kind: 'succeeds' } | { kind: 'requires_action' } | ({ kind: 'declined' } & Decline);

const DECLINED = 'Your card was declined.';
const declined = (declineCode: string, message = DECLINED, code = 'card_declined'): Decline => ({
  code,
  declineCode,
  message,
});

/** Stripe's documented decline test methods, by the name after `pm_card_` (or `pm_card_visa_`). */
const DECLINES: Record<string, Decline> = {
  chargeDeclined: declined('generic_decline'),
  chargeCustomerFail: declined('generic_decline'),
  chargeDeclinedInsufficientFunds: declined('insufficient_funds', 'Your card has insufficient funds.'),
  chargeDeclinedLostCard: declined('lost_card'),
  chargeDeclinedStolenCard: declined('stolen_card'),
  chargeDeclinedFraudulent: declined('fraudulent'),
  chargeDeclinedVelocityLimitExceeded: declined(
    'card_velocity_exceeded',
    'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  ),
  chargeDeclinedExpiredCard: declined('expired_card', 'Your card has expired.', 'expired_card'),
  chargeDeclinedIncorrectCvc: declined('incorrect_cvc', "Your card's security code is incorrect.", 'incorrect_cvc'),
  chargeDeclinedProcessingError: declined(
    'processing_error',
    'An error occurred while processing your card. Try again in a little bit.',
    'processing_error',
  ),
};

/** Test methods whose on-session payments need 3-D Secure: the intent waits in `requires_action`. */
const ACTION_REQUIRED = new Set([
  'authenticationRequired',
  'authenticationRequiredSetupForOffSession',
  'authenticationRequiredChargeDeclinedInsufficientFunds',
  'threeDSecure2Required',
  'threeDSecureRequired',
]);

/** What Stripe test mode does with a payment method; anything it does not single out succeeds. */
export function testCardBehaviour(paymentMethodId: string): TestCardBehaviour {
  const name = /^pm_card_(?:visa_(?=charge))?(.+)$/.exec(paymentMethodId)?.[1];
  if (name && ACTION_REQUIRED.has(name)) return { kind: 'requires_action' };
  const decline = name
    ? (DECLINES[name] ?? (name.startsWith('chargeDeclined') ? DECLINES.chargeDeclined : undefined))
    : undefined;
  return decline ? { kind: 'declined', ...decline } : { kind: 'succeeds' };
}

/**
 * The card behind each of Stripe's documented test payment methods, as Stripe reports it on attach
 * (brand, last four digits), by the name after `pm_card_`. Other ids do not exist in test mode.
 */
const TEST_CARDS: Record<string, { brand: string; last4: string }> = {
  visa: { brand: 'visa', last4: '4242' },
  visa_debit: { brand: 'visa', last4: '5556' },
  mastercard: { brand: 'mastercard', last4: '4444' },
  mastercard_debit: { brand: 'mastercard', last4: '8210' },
  mastercard_prepaid: { brand: 'mastercard', last4: '5100' },
  amex: { brand: 'amex', last4: '8431' },
  discover: { brand: 'discover', last4: '1117' },
  diners: { brand: 'diners', last4: '0004' },
  jcb: { brand: 'jcb', last4: '0000' },
  unionpay: { brand: 'unionpay', last4: '0005' },
  chargeDeclined: { brand: 'visa', last4: '0002' },
  chargeCustomerFail: { brand: 'visa', last4: '0341' },
  chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995' },
  chargeDeclinedLostCard: { brand: 'visa', last4: '9987' },
  chargeDeclinedStolenCard: { brand: 'visa', last4: '9979' },
  chargeDeclinedFraudulent: { brand: 'visa', last4: '0019' },
  chargeDeclinedVelocityLimitExceeded: { brand: 'visa', last4: '6975' },
  chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069' },
  chargeDeclinedIncorrectCvc: { brand: 'visa', last4: '0127' },
  chargeDeclinedProcessingError: { brand: 'visa', last4: '0119' },
  authenticationRequired: { brand: 'visa', last4: '3184' },
  authenticationRequiredSetupForOffSession: { brand: 'visa', last4: '3155' },
  authenticationRequiredChargeDeclinedInsufficientFunds: { brand: 'visa', last4: '3178' },
  threeDSecure2Required: { brand: 'visa', last4: '3220' },
  threeDSecureRequired: { brand: 'visa', last4: '3063' },
};

/** The card of a test payment method; undefined for an id Stripe test mode does not know. */
export function testCard(paymentMethodId: string): { brand: string; last4: string } | undefined {
  const name = /^pm_card_(?:visa_(?=charge))?(.+)$/.exec(paymentMethodId)?.[1];
  return name === undefined ? undefined : TEST_CARDS[name];
}

const TAGS = { succeeds: 'ok', requires_action: '3ds', declined: 'declined' } as const;
const STATUS_OF_TAG: Record<string, Stripe.PaymentIntent.Status> = {
  ok: 'succeeded',
  '3ds': 'requires_action',
  declined: 'requires_payment_method',
};

const digest = (key: string | undefined): string =>
  createHash('sha256')
    .update(key ?? randomUUID())
    .digest('hex')
    .slice(0, 24);

const tagOf = (intentId: string): string | undefined => /^pi_tm_([a-z0-9]+)_/.exec(intentId)?.[1];

/** Wraps a Stripe client pointed at stripe-mock so it answers like Stripe test mode. */
export function stripeTestMode(mock: StripeApi): StripeApi {
  return {
    paymentIntents: {
      async create(params, options) {
        const fixture = await mock.paymentIntents.create(params, options);
        const tested = testCardBehaviour(params.payment_method ?? '');
        // Off-session nobody can pass 3-D Secure: Stripe declines with authentication_required.
        const behaviour: TestCardBehaviour =
          params.off_session && tested.kind === 'requires_action'
            ? {
                kind: 'declined',
                code: 'authentication_required',
                declineCode: 'authentication_required',
                message: 'Your card was declined. This transaction requires authentication.',
              }
            : tested;
        const intent: Stripe.PaymentIntent = {
          ...fixture,
          id: `pi_tm_${TAGS[behaviour.kind]}_${digest(options?.idempotencyKey)}`,
          amount: params.amount,
          currency: params.currency,
          metadata: { ...(params.metadata as Record<string, string> | undefined) },
          payment_method: params.payment_method ?? null,
          last_payment_error: null,
          next_action: null,
          canceled_at: null,
          cancellation_reason: null,
        };
        if (!params.confirm) return { ...intent, status: 'requires_confirmation', amount_received: 0 };
        switch (behaviour.kind) {
          case 'succeeds':
            return { ...intent, status: 'succeeded', amount_received: params.amount };
          case 'requires_action':
            return {
              ...intent,
              status: 'requires_action',
              amount_received: 0,
              next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} },
            };
          case 'declined': {
            const error = {
              type: 'card_error',
              code: behaviour.code,
              decline_code: behaviour.declineCode,
              message: behaviour.message,
            };
            throw new Stripe.errors.StripeCardError({
              ...error,
              type: 'card_error',
              statusCode: 402,
              payment_intent: {
                ...intent,
                status: 'requires_payment_method',
                amount_received: 0,
                last_payment_error: error as Stripe.PaymentIntent.LastPaymentError,
              },
            });
          }
        }
      },

      async retrieve(id) {
        const fixture = await mock.paymentIntents.retrieve(id);
        const status = STATUS_OF_TAG[tagOf(id) ?? ''] ?? fixture.status;
        return { ...fixture, id, status };
      },

      async cancel(id, params, options) {
        const fixture = await mock.paymentIntents.cancel(id, params, options);
        if (tagOf(id) === 'ok') {
          throw new Stripe.errors.StripeInvalidRequestError({
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: 'You cannot cancel this PaymentIntent because it has a status of succeeded.',
            statusCode: 400,
            payment_intent: { ...fixture, id, status: 'succeeded' },
          });
        }
        return {
          ...fixture,
          id,
          status: 'canceled',
          cancellation_reason: params?.cancellation_reason ?? null,
          canceled_at: Math.floor(Date.now() / 1000),
        };
      },
    },
    customers: {
      async create(params, options) {
        const fixture = await mock.customers.create(params, options);
        return {
          ...fixture,
          id: `cus_tm_${digest(options?.idempotencyKey)}`,
          name: params.name ?? null,
          metadata: { ...(params.metadata as Record<string, string> | undefined) },
        };
      },
    },
    paymentMethods: {
      async attach(id, params, options) {
        const fixture = await mock.paymentMethods.attach(id, params, options);
        const card = testCard(id);
        if (!card) {
          throw new Stripe.errors.StripeInvalidRequestError({
            type: 'invalid_request_error',
            code: 'resource_missing',
            param: 'payment_method',
            message: `No such PaymentMethod: '${id}'`,
            statusCode: 400,
          });
        }
        return {
          ...fixture,
          id,
          type: 'card',
          customer: params.customer ?? null,
          card: { ...fixture.card!, brand: card.brand, last4: card.last4 },
        };
      },
    },
    refunds: {
      async create(params, options) {
        const fixture = await mock.refunds.create(params, options);
        return {
          ...fixture,
          id: `re_tm_${digest(options?.idempotencyKey)}`,
          payment_intent: params.payment_intent ?? null,
          amount: params.amount ?? fixture.amount,
          reason: params.reason ?? null,
          status: 'succeeded',
        };
      },
      list: (params) => mock.refunds.list(params),
    },
  };
}
