import type { OrderInvoiced, PurchaseInvoiceEvent } from './purchase-invoice-events';

/** The invoice stream of one order: empty until the order is invoiced, then the invoice. */
export interface PurchaseInvoiceState {
  invoice?: OrderInvoiced['data'];
}

export const initialPurchaseInvoiceState = (): PurchaseInvoiceState => ({});

export function evolvePurchaseInvoice(_state: PurchaseInvoiceState, event: PurchaseInvoiceEvent): PurchaseInvoiceState {
  switch (event.type) {
    case 'OrderInvoiced':
      return { invoice: event.data };
  }
}
