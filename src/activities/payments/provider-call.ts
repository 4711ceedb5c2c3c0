import { ApplicationFailure } from '@temporalio/common';
import { PaymentGatewayError } from '../../infra/payments/payment-gateway-error';

/** Stripe down or slow: retried by Temporal. Stripe refusing the request itself: not retried. */
export async function providerCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof PaymentGatewayError)) throw err;
    const details = { code: err.code ?? null };
    throw err.retryable
      ? ApplicationFailure.retryable(err.message, 'PaymentProviderUnavailable', details)
      : ApplicationFailure.nonRetryable(err.message, 'PaymentProviderRefused', details);
  }
}
