// Facts about an account's billing: its payment method on file (Stripe ids only, with the brand and
// last four digits Stripe reports), credits and refunds owed to it, and its suspension.

export type PaymentMethodAttached = {
  type: 'PaymentMethodAttached';
  data: {
    accountId: string;
    stripeCustomerId: string;
    paymentMethodId: string;
    brand: string;
    last4: string;
    at: string;
  };
};
export type AccountCreditGranted = {
  type: 'AccountCreditGranted';
  /** `amount` in integer minor units of `currency`, more than 0. `grantedBy` is a user id, or `system` for a carried remainder. */
  data: {
    creditId: string;
    accountId: string;
    amount: number;
    currency: string;
    reason: string;
    grantedBy: string;
    at: string;
  };
};
export type AccountRefundOwed = {
  type: 'AccountRefundOwed';
  data: { refundId: string; accountId: string; amount: number; currency: string; reason: string; at: string };
};
export type CreditsConsumed = {
  type: 'CreditsConsumed';
  /** The credits and refunds the invoice used up (each one whole; an unused remainder is granted again). */
  data: { invoiceId: string; creditIds: string[]; refundIds: string[]; at: string };
};
export type AccountSuspended = {
  type: 'AccountSuspended';
  data: { accountId: string; invoiceId: string; at: string };
};
export type AccountReactivated = {
  type: 'AccountReactivated';
  data: { accountId: string; invoiceId: string; at: string };
};

export type BillingAccountEvent =
  | PaymentMethodAttached
  | AccountCreditGranted
  | AccountRefundOwed
  | CreditsConsumed
  | AccountSuspended
  | AccountReactivated;

export const BILLING_ACCOUNT_STREAM_TYPE = 'billing-account';
export const billingAccountStreamId = (accountId: string): string => `billing-account-${accountId}`;
