// The port to the card processor (Stripe). Activities call it; nothing else does.

export interface ChargeRequest {
  /** Minor units. */
  amount: number;
  currency: string;
  /** A Stripe payment-method id (`pm_…`). */
  paymentMethodId: string;
  /** One per business operation: a retried charge with the same key never charges twice. */
  idempotencyKey: string;
  /** Lets a webhook find its order again. */
  metadata: { orderId: string; paymentId: string };
  description?: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; intentId: string }
  /** The customer must act (3-D Secure); a webhook will tell how it ended. */
  | { status: 'requires_action'; intentId: string }
  | {
      status: 'failed';
      intentId?: string;
      failureCode: string;
      failureMessage: string;
      /** The issuer's reason for a declined card (`insufficient_funds`…), when Stripe gives one. */
      declineCode?: string;
    };

export interface RefundRequest {
  intentId: string;
  /** Minor units; the whole payment when omitted. */
  amount?: number;
  idempotencyKey: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer';
}

/** A charge of a saved payment method with no customer present (a subscription invoice). */
export interface OffSessionChargeRequest {
  /** Minor units. */
  amount: number;
  currency: string;
  /** The Stripe customer (`cus_…`) the payment method is attached to. */
  customerId: string;
  paymentMethodId: string;
  /** One per attempt: a retried attempt never charges twice, a new attempt may charge again. */
  idempotencyKey: string;
  metadata: Record<string, string>;
  description?: string;
}

/** What attaching a payment method to a customer came to: the card as Stripe reports it, or why it refused. */
export type AttachOutcome =
  | { status: 'attached'; paymentMethodId: string; brand: string; last4: string }
  | { status: 'rejected'; code: string; message: string };

export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /**
   * Cancels an intent that has not succeeded, so it never will. Answers `succeeded` when it is too
   * late (the money was taken: refund it instead).
   */
  cancel(intentId: string, idempotencyKey: string): Promise<'cancelled' | 'succeeded'>;
  refund(request: RefundRequest): Promise<{ refundId: string }>;
  /** Creates the Stripe customer of an account; the same key always names the same customer. */
  createCustomer(request: { accountId: string; name: string; idempotencyKey: string }): Promise<{ customerId: string }>;
  /** Attaches a payment method to a customer for later off-session charges. */
  attachPaymentMethod(request: {
    customerId: string;
    paymentMethodId: string;
    idempotencyKey: string;
  }): Promise<AttachOutcome>;
  /**
   * Charges a saved payment method off-session. A method that needs the customer to authenticate
   * fails (`authentication_required`): nobody is there to do it.
   */
  chargeOffSession(request: OffSessionChargeRequest): Promise<ChargeOutcome>;
}

/** What a verified Stripe webhook says about a PaymentIntent. */
export interface PaymentWebhookEvent {
  /** Stripe's event id (`evt_…`): duplicates carry the same one. */
  eventId: string;
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed';
  intentId: string;
  orderId?: string;
  failureCode?: string;
  failureMessage?: string;
}
