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
  customers: {
    create(params: Stripe.CustomerCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.Customer>;
  };
  paymentMethods: {
    attach(
      id: string,
      params: Stripe.PaymentMethodAttachParams,
      options?: Stripe.RequestOptions,
    ): Promise<Stripe.PaymentMethod>;
  };
  refunds: {
    create(params: Stripe.RefundCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.Refund>;
    list(params: Stripe.RefundListParams): Promise<Stripe.ApiList<Stripe.Refund>>;
  };
}
