// Facts about the invoice of one paid order, on its own stream (`purchase-invoice-<orderId>`): one
// stream per order means "was this order invoiced?" is one read, and a second invoice cannot exist.

/** One line of a purchase invoice: a ticket level of a concert, as the order priced it. */
export interface PurchaseInvoiceLine {
  concertId: string;
  concertName: string;
  ticketLevel: string;
  levelName: string;
  quantity: number;
  /** Minor units of the invoice's currency. */
  unitPrice: number;
  /** quantity × unitPrice, in minor units. */
  amount: number;
}

/** Who the invoice is made out to, as identity knew them when it was issued. */
export interface BillingInfo {
  name: string;
  email: string;
}

export type OrderInvoiced = {
  type: 'OrderInvoiced';
  data: {
    invoiceId: string;
    /** Readable and unique, e.g. `BOP-2026-1A2B3C4D`; not sequential (subscription invoices are). */
    number: string;
    orderId: string;
    customerId: string;
    lines: PurchaseInvoiceLine[];
    /** The sum of the lines' amounts, in minor units of `currency`. */
    total: number;
    currency: string;
    billingInfo: BillingInfo;
    issuedAt: string;
  };
};

export type PurchaseInvoiceEvent = OrderInvoiced;

export const PURCHASE_INVOICE_EVENT_TYPES: ReadonlyArray<PurchaseInvoiceEvent['type']> = ['OrderInvoiced'];

export const PURCHASE_INVOICE_STREAM_TYPE = 'purchase-invoice';
export const purchaseInvoiceStreamId = (orderId: string): string => `purchase-invoice-${orderId}`;
