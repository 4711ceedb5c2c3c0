import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../infra/db/prisma';
import type { BillingInfo, PurchaseInvoiceLine } from '../../domain/finance/purchase-invoice-events';
import { DomainError } from '../../domain/shared/errors';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../shared/page-cursor';

export interface PurchaseInvoiceView {
  id: string;
  number: string;
  orderId: string;
  lines: PurchaseInvoiceLine[];
  /** Minor units of `currency`: the sum of the lines' amounts. */
  total: number;
  currency: string;
  billingInfo: BillingInfo;
  issuedAt: string;
}

interface InvoiceRow {
  id: string;
  number: string;
  orderId: string;
  customerId: string;
  total: bigint;
  currency: string;
  billingName: string;
  billingEmail: string;
  issuedAt: Date;
}

/** A customer's purchase invoices, from the `purchase_invoices` read model. Nobody sees another customer's. */
export class PurchaseInvoiceQueries {
  constructor(private readonly db: Db) {}

  /** Newest first, a page at a time: keyset pagination on (issued_at, id), served by one index. */
  async list(customerId: string, query: PageQuery): Promise<Page<PurchaseInvoiceView>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.db.$queryRaw<InvoiceRow[]>`
      SELECT id::text AS id, number, order_id::text AS "orderId", customer_id::text AS "customerId", total, currency,
             billing_name AS "billingName", billing_email AS "billingEmail", issued_at AS "issuedAt"
        FROM purchase_invoices
       WHERE customer_id = ${customerId}::uuid
         ${after ? Prisma.sql`AND (issued_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
       ORDER BY issued_at DESC, id DESC LIMIT ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    const lines = await this.linesOf(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toView(row, lines.get(row.id) ?? [])),
      nextCursor: rows.length > query.limit ? encodeCursor({ at: last.issuedAt, id: last.id }) : null,
    };
  }

  /** One invoice of the customer; another customer's is as unknown as one that does not exist. */
  async get(customerId: string, invoiceId: string): Promise<PurchaseInvoiceView> {
    const row = await this.db.purchaseInvoice.findUnique({ where: { id: invoiceId } });
    if (!row || row.customerId !== customerId) {
      throw new DomainError('not_found', 'invoice_not_found', 'Invoice not found');
    }
    const lines = await this.linesOf([invoiceId]);
    return toView(row, lines.get(invoiceId) ?? []);
  }

  private async linesOf(invoiceIds: string[]): Promise<Map<string, PurchaseInvoiceLine[]>> {
    const byInvoice = new Map<string, PurchaseInvoiceLine[]>();
    if (invoiceIds.length === 0) return byInvoice;
    const rows = await this.db.purchaseInvoiceLine.findMany({
      where: { invoiceId: { in: invoiceIds } },
      orderBy: [{ invoiceId: 'asc' }, { position: 'asc' }],
    });
    for (const row of rows) {
      const line: PurchaseInvoiceLine = {
        concertId: row.concertId,
        concertName: row.concertName,
        ticketLevel: row.ticketLevel,
        levelName: row.levelName,
        quantity: row.quantity,
        unitPrice: Number(row.unitPrice),
        amount: Number(row.amount),
      };
      byInvoice.set(row.invoiceId, [...(byInvoice.get(row.invoiceId) ?? []), line]);
    }
    return byInvoice;
  }
}

const toView = (row: InvoiceRow, lines: PurchaseInvoiceLine[]): PurchaseInvoiceView => ({
  id: row.id,
  number: row.number,
  orderId: row.orderId,
  lines,
  total: Number(row.total),
  currency: row.currency,
  billingInfo: { name: row.billingName, email: row.billingEmail },
  issuedAt: row.issuedAt.toISOString(),
});
