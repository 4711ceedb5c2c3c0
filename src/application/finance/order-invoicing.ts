import type { Db } from '../../infra/db/prisma';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import type { EventMetadata } from '../../infra/event-store/types';
import { INVOICE_NUMBER_LENGTHS, purchaseInvoice, purchaseInvoiceNumber } from '../../domain/finance/purchase-invoice';
import { issuePurchaseInvoice } from '../../domain/finance/purchase-invoice-decisions';
import { orderStreamId, type OrderPlaced } from '../../domain/orders/order-events';
import { DomainError } from '../../domain/shared/errors';
import type { UserDirectory } from '../identity/user-directory';
import { PurchaseInvoiceCommands } from './purchase-invoice-commands';

/** The invoice id of an order: the same order always gets the same one. */
export const purchaseInvoiceId = (orderId: string): string => deterministicId('purchase-invoice', orderId);

/**
 * Issues the invoice of a paid order, once: the order's facts come from its stream, the billing
 * details from identity's directory. Calling it again (a retried activity) changes nothing and
 * answers the invoice issued the first time.
 */
export class OrderInvoicing {
  private readonly invoices: PurchaseInvoiceCommands;

  constructor(
    private readonly db: Db,
    private readonly eventStore: EventStore,
    private readonly directory: UserDirectory,
  ) {
    this.invoices = new PurchaseInvoiceCommands(eventStore);
  }

  async invoice(
    orderId: string,
    options: { now?: Date; metadata?: EventMetadata } = {},
  ): Promise<{ invoiceId: string }> {
    const existing = (await this.invoices.load(orderId)).state.invoice;
    if (existing) return { invoiceId: existing.invoiceId };

    const events = await this.eventStore.readStream(orderStreamId(orderId));
    const placed = events.find((e) => e.type === 'OrderPlaced')?.data as OrderPlaced['data'] | undefined;
    if (!placed) throw new DomainError('not_found', 'order_not_found', `Order ${orderId} does not exist`);
    if (!events.some((e) => e.type === 'OrderPaid')) {
      throw new DomainError(
        'conflict',
        'order_not_paid',
        `Order ${orderId} is not paid: only paid orders are invoiced`,
      );
    }
    const customer = await this.directory.findById(placed.customerId);
    if (!customer) {
      throw new DomainError(
        'not_found',
        'customer_not_found',
        `Customer ${placed.customerId} of order ${orderId} is unknown`,
      );
    }

    const invoice = purchaseInvoice(
      { orderId, customerId: placed.customerId, lines: placed.lines, total: placed.total },
      { name: customer.name, email: customer.email },
    );
    const invoiceId = purchaseInvoiceId(orderId);
    const issuedAt = options.now ?? new Date();
    const number = await this.freeNumber(invoiceId, issuedAt);
    const { state } = await this.invoices.execute(
      orderId,
      (s) => issuePurchaseInvoice(s, { invoice, invoiceId, number, issuedAt }),
      { operationId: `invoice-order:${orderId}`, metadata: options.metadata },
    );
    // A concurrent attempt may have issued it first: its invoice is the one.
    return { invoiceId: state.invoice!.invoiceId };
  }

  /**
   * The shortest readable number no other invoice has. The unique index on the number closes the gap
   * between this look-up and the append: a loser of that race fails and, retried, picks a longer one.
   */
  private async freeNumber(invoiceId: string, issuedAt: Date): Promise<string> {
    const candidates = INVOICE_NUMBER_LENGTHS.map((length) => purchaseInvoiceNumber(invoiceId, issuedAt, length));
    const taken = await this.db.purchaseInvoice.findMany({
      where: { number: { in: candidates }, id: { not: invoiceId } },
      select: { number: true },
    });
    const used = new Set(taken.map((t) => t.number));
    return candidates.find((n) => !used.has(n)) ?? candidates[candidates.length - 1];
  }
}
