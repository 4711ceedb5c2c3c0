import type Stripe from 'stripe';

/**
 * The part of the Stripe SDK the gateway uses. A `Stripe` client satisfies it as it is; the
 * test-mode layer wraps one (pointed at stripe-mock) behind the same shape.
 */
export interface StripeApi {
  paymentIntents: {
    create(params: Stripe.PaymentIntentCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.PaymentIntent>;
    retrieve(id: string): Promise<Stripe.PaymentIntent>;
    cancel(
      id: string,
      params?: Stripe.PaymentIntentCancelParams,
      options?: Stripe.RequestOptions,
    ): Promise<Stripe.PaymentIntent>;
  };
  refunds: {
    create(params: Stripe.RefundCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.Refund>;
    list(params: Stripe.RefundListParams): Promise<Stripe.ApiList<Stripe.Refund>>;
  };
}
