import Stripe from 'stripe';
import type {
  AttachOutcome,
  ChargeOutcome,
  ChargeRequest,
  OffSessionChargeRequest,
  PaymentGateway,
  RefundRequest,
} from '../../application/payments/payment-gateway';
import { PaymentGatewayError } from './payment-gateway-error';
import type { StripeApi } from './stripe-api';

/**
 * The payment port over Stripe PaymentIntents. Every call that changes something carries the
 * caller's idempotency key, so a retried call never charges, cancels or refunds twice.
 */
export class StripePaymentGateway implements PaymentGateway {
  constructor(private readonly stripe: StripeApi) {}

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          payment_method: request.paymentMethodId,
          confirm: true,
          // Server-side confirmation: a method that would redirect the customer is refused, not left hanging.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: { ...request.metadata },
          ...(request.description && { description: request.description }),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return outcomeOf(intent);
    } catch (err) {
      const declined = declineOf(err);
      if (declined) return declined;
      throw gatewayError(err);
    }
  }

  async cancel(intentId: string, idempotencyKey: string): Promise<'cancelled' | 'succeeded'> {
    try {
      await this.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey });
      return 'cancelled';
    } catch (err) {
      if (!(err instanceof Stripe.errors.StripeInvalidRequestError) || err.code !== 'payment_intent_unexpected_state') {
        throw gatewayError(err);
      }
      // The intent is past cancelling. Ask for its state now: the error (replayed for this key by
      // Stripe) may describe an older moment.
      const { status } = await this.stripe.paymentIntents.retrieve(intentId).catch((e: unknown) => {
        throw gatewayError(e);
      });
      if (status === 'succeeded') return 'succeeded';
      if (status === 'canceled') return 'cancelled';
      // `processing`: the outcome is on its way; asking again later will tell.
      throw new PaymentGatewayError(
        `Payment intent ${intentId} is ${status} and cannot be cancelled yet`,
        true,
        err.code,
      );
    }
  }

  async refund(request: RefundRequest): Promise<{ refundId: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        {
          payment_intent: request.intentId,
          ...(request.amount !== undefined && { amount: request.amount }),
          reason: request.reason,
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return { refundId: refund.id };
    } catch (err) {
      // Refunded already under another key (by hand in the dashboard, say): that refund is the answer.
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'charge_already_refunded') {
        const { data } = await this.stripe.refunds.list({ payment_intent: request.intentId });
        const existing = data.find((r) => r.status !== 'failed' && r.status !== 'canceled');
        if (existing) return { refundId: existing.id };
      }
      throw gatewayError(err);
    }
  }

  async createCustomer(request: {
    accountId: string;
    name: string;
    idempotencyKey: string;
  }): Promise<{ customerId: string }> {
    try {
      const customer = await this.stripe.customers.create(
        { name: request.name, metadata: { accountId: request.accountId } },
        { idempotencyKey: request.idempotencyKey },
      );
      return { customerId: customer.id };
    } catch (err) {
      throw gatewayError(err);
    }
  }

  async attachPaymentMethod(request: {
    customerId: string;
    paymentMethodId: string;
    idempotencyKey: string;
  }): Promise<AttachOutcome> {
    try {
      const method = await this.stripe.paymentMethods.attach(
        request.paymentMethodId,
        { customer: request.customerId },
        { idempotencyKey: request.idempotencyKey },
      );
      return {
        status: 'attached',
        paymentMethodId: method.id,
        brand: method.card?.brand ?? method.type,
        last4: method.card?.last4 ?? '',
      };
    } catch (err) {
      // An unknown id, a method of another account, a card the issuer refuses: the id itself is bad.
      if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeCardError) {
        return {
          status: 'rejected',
          code: err.code ?? 'payment_method_rejected',
          message: err.message || 'Stripe refused this payment method',
        };
      }
      throw gatewayError(err);
    }
  }

  async chargeOffSession(request: OffSessionChargeRequest): Promise<ChargeOutcome> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          customer: request.customerId,
          payment_method: request.paymentMethodId,
          off_session: true,
          confirm: true,
          metadata: { ...request.metadata },
          ...(request.description && { description: request.description }),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      const outcome = outcomeOf(intent);
      // Off-session nobody can authenticate: an intent waiting for it has failed.
      if (outcome.status === 'requires_action') {
        return {
          status: 'failed',
          intentId: outcome.intentId,
          failureCode: 'authentication_required',
          failureMessage: 'The card needs the customer to authenticate this payment',
        };
      }
      return outcome;
    } catch (err) {
      const declined = declineOf(err);
      if (declined) return declined;
      throw gatewayError(err);
    }
  }
}

function outcomeOf(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', intentId: intent.id };
    case 'requires_payment_method':
    case 'canceled': {
      const error = intent.last_payment_error;
      return {
        status: 'failed',
        intentId: intent.id,
        failureCode: error?.code ?? (intent.status === 'canceled' ? 'payment_intent_canceled' : 'payment_failed'),
        failureMessage: error?.message ?? 'The payment did not go through',
        ...(error?.decline_code && { declineCode: error.decline_code }),
      };
    }
    default:
      // requires_action (3-D Secure), processing, and states automatic confirmation should never
      // leave (requires_confirmation, requires_capture): the outcome will come by webhook.
      return { status: 'requires_action', intentId: intent.id };
  }
}

/**
 * Stripe refused this charge: the card was declined, or the request cannot work for this order (an
 * unknown payment method, an amount below the minimum, a currency the account cannot take). Nothing
 * was taken, so the payment failed; retrying the same request would only be refused again.
 */
function declineOf(err: unknown): ChargeOutcome | undefined {
  const isCard = err instanceof Stripe.errors.StripeCardError;
  if (!isCard && !(err instanceof Stripe.errors.StripeInvalidRequestError)) return undefined;
  const e = err as Stripe.errors.StripeError;
  return {
    status: 'failed',
    ...(e.payment_intent?.id && { intentId: e.payment_intent.id }),
    failureCode: e.code ?? (isCard ? 'card_declined' : 'invalid_request'),
    failureMessage: e.message || 'The payment was declined',
    ...(e.decline_code && { declineCode: e.decline_code }),
  };
}

// Asking again cannot change these. A bad or restricted key can be fixed, so those are retried
// (and show in Temporal as failing attempts) rather than failing the order.
const NEVER_RETRY = new Set(['StripeInvalidRequestError', 'StripeIdempotencyError', 'StripeCardError']);

function gatewayError(err: unknown): PaymentGatewayError {
  if (err instanceof PaymentGatewayError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    return new PaymentGatewayError(`Stripe: ${err.message}`, !NEVER_RETRY.has(err.type), err.code);
  }
  // Anything else (a socket reset, a timeout outside the SDK) is worth another try.
  return new PaymentGatewayError(`Stripe unreachable: ${(err as Error)?.message ?? String(err)}`, true);
}
