// Facts about one monthly subscription invoice, on `subscription-invoice-<invoiceId>`.

export type InvoiceLineKind = 'plan' | 'credit' | 'refund' | 'tax';

export interface InvoiceLine {
  kind: InvoiceLineKind;
  description: string;
  /** Integer minor units; credits and refunds are negative. */
  amount: number;
}

export type CustomerInvoiced = {
  type: 'CustomerInvoiced';
  /**
   * `subtotal` is the sum of the plan, credit and refund lines (the taxable amount, never below 0);
   * `tax` the tax line; `total` = subtotal + tax. All in minor units of `currency`.
   */
  data: {
    invoiceId: string;
    accountId: string;
    period: string;
    number: string;
    lines: InvoiceLine[];
    subtotal: number;
    tax: number;
    total: number;
    currency: string;
    taxRateBps: number;
    issuedAt: string;
  };
};
export type InvoicePdfGenerated = {
  type: 'InvoicePdfGenerated';
  data: { invoiceId: string; sha256: string; bytes: number; at: string };
};
export type InvoicePaid = {
  type: 'InvoicePaid';
  /** `intentId` is null when nothing was charged (a zero total). */
  data: { invoiceId: string; amount: number; intentId: string | null; attempt: number; at: string };
};
export type InvoicePaymentFailed = {
  type: 'InvoicePaymentFailed';
  data: {
    invoiceId: string;
    attempt: number;
    failureCode: string;
    failureMessage: string;
    nextAttemptAt: string | null;
    at: string;
  };
};
export type DunningNoticeSent = {
  type: 'DunningNoticeSent';
  data: { invoiceId: string; attempt: number; at: string };
};
export type InvoiceUncollectible = {
  type: 'InvoiceUncollectible';
  data: { invoiceId: string; at: string };
};
export type InvoiceEmailed = {
  type: 'InvoiceEmailed';
  data: { invoiceId: string; messageKey: string; at: string };
};

export type SubscriptionInvoiceEvent =
  | CustomerInvoiced
  | InvoicePdfGenerated
  | InvoicePaid
  | InvoicePaymentFailed
  | DunningNoticeSent
  | InvoiceUncollectible
  | InvoiceEmailed;

export const SUBSCRIPTION_INVOICE_STREAM_TYPE = 'subscription-invoice';
export const subscriptionInvoiceStreamId = (invoiceId: string): string => `subscription-invoice-${invoiceId}`;
