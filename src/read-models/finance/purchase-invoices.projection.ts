import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import { PURCHASE_INVOICE_EVENT_TYPES, type PurchaseInvoiceEvent } from '../../domain/finance/purchase-invoice-events';

/** `purchase_invoices` and `purchase_invoice_lines`: every paid order's invoice, as issued. */
export const purchaseInvoicesProjection: Projection = {
  name: 'purchase-invoices',
  tables: ['purchase_invoices', 'purchase_invoice_lines'],
  handles: PURCHASE_INVOICE_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as PurchaseInvoiceEvent;
    switch (event.type) {
      case 'OrderInvoiced': {
        const { invoiceId, number, orderId, customerId, lines, total, currency, billingInfo, issuedAt } = event.data;
        await tx.purchaseInvoice.create({
          data: {
            id: invoiceId,
            number,
            orderId,
            customerId,
            total: BigInt(total),
            currency,
            billingName: billingInfo.name,
            billingEmail: billingInfo.email,
            issuedAt: new Date(issuedAt),
          },
        });
        await tx.purchaseInvoiceLine.createMany({
          data: lines.map((line, position) => ({
            invoiceId,
            position,
            concertId: line.concertId,
            concertName: line.concertName,
            ticketLevel: line.ticketLevel,
            levelName: line.levelName,
            quantity: line.quantity,
            unitPrice: BigInt(line.unitPrice),
            amount: BigInt(line.amount),
          })),
        });
        return;
      }
    }
  },
};
