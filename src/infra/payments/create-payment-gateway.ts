import Stripe from 'stripe';
import type { PaymentGateway } from '../../application/payments/payment-gateway';
import type { Config } from '../../config/config';
import { StripePaymentGateway } from './stripe-gateway';
import { stripeTestMode } from './stripe-test-mode';

// Any `sk_test_` key works with stripe-mock; it is no secret.
const STRIPE_MOCK_KEY = 'sk_test_boxofficeStripeMock';

const SDK_OPTIONS = {
  // The SDK retries network failures itself, with the same idempotency key.
  maxNetworkRetries: 2,
  timeout: 20_000,
  telemetry: false,
} satisfies Stripe.StripeConfig;

/** Real Stripe with a secret key; otherwise stripe-mock at `mockUrl`, behaving as Stripe test mode. */
export function createPaymentGateway(config: Pick<Config['stripe'], 'secretKey' | 'mockUrl'>): PaymentGateway {
  if (config.secretKey) return new StripePaymentGateway(new Stripe(config.secretKey, SDK_OPTIONS));
  const url = new URL(config.mockUrl);
  const mock = new Stripe(STRIPE_MOCK_KEY, {
    ...SDK_OPTIONS,
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  });
  return new StripePaymentGateway(stripeTestMode(mock));
}
