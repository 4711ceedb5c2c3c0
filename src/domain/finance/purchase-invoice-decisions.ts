import type { PurchaseInvoice } from './purchase-invoice';
import type { PurchaseInvoiceEvent } from './purchase-invoice-events';
import type { PurchaseInvoiceState } from './purchase-invoice-state';

export interface IssuePurchaseInvoice {
  invoice: PurchaseInvoice;
  invoiceId: string;
  number: string;
  issuedAt: Date;
}

/** Issues the order's invoice; an order invoiced already keeps the invoice it has (no events). */
export function issuePurchaseInvoice(state: PurchaseInvoiceState, cmd: IssuePurchaseInvoice): PurchaseInvoiceEvent[] {
  if (state.invoice) return [];
  const { orderId, customerId, lines, total, currency, billingInfo } = cmd.invoice;
  return [
    {
      type: 'OrderInvoiced',
      data: {
        invoiceId: cmd.invoiceId,
        number: cmd.number,
        orderId,
        customerId,
        lines,
        total,
        currency,
        billingInfo,
        issuedAt: cmd.issuedAt.toISOString(),
      },
    },
  ];
}
