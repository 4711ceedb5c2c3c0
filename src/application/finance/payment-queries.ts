import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../infra/db/prisma';
import type { PaymentStatus } from '../../domain/payments/payment-events';
import { DomainError } from '../../domain/shared/errors';
import { decodeCursor, encodeCursor, type Page, type PageQuery } from '../shared/page-cursor';

export interface PaymentView {
  id: string;
  orderId: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  status: PaymentStatus;
  /** Stripe's PaymentIntent id, once there is one. */
  intentId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  refundId: string | null;
  refundedAmount: number;
  requestedAt: string;
  updatedAt: string;
}

interface PaymentRow {
  id: string;
  orderId: string;
  amount: bigint;
  currency: string;
  status: string;
  intentId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  refundId: string | null;
  refundedAmount: bigint;
  requestedAt: Date;
  updatedAt: Date;
}

/** A customer's payments, from the `payments` read model. Nobody sees another customer's. */
export class PaymentQueries {
  constructor(private readonly db: Db) {}

  /** Newest first, a page at a time: keyset pagination on (requested_at, id), served by one index. */
  async list(customerId: string, query: PageQuery): Promise<Page<PaymentView>> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.db.$queryRaw<PaymentRow[]>`
      SELECT id::text AS id, order_id::text AS "orderId", amount, currency, status, intent_id AS "intentId",
             failure_code AS "failureCode", failure_message AS "failureMessage", refund_id AS "refundId",
             refunded_amount AS "refundedAmount", requested_at AS "requestedAt", updated_at AS "updatedAt"
        FROM payments
       WHERE customer_id = ${customerId}::uuid
         ${after ? Prisma.sql`AND (requested_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
       ORDER BY requested_at DESC, id DESC LIMIT ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor: rows.length > query.limit ? encodeCursor({ at: last.requestedAt, id: last.id }) : null,
    };
  }

  /** The payment of an order (one per order), for the order's own view. */
  async ofOrder(orderId: string): Promise<PaymentView | null> {
    const row = await this.db.payment.findFirst({ where: { orderId } });
    return row ? toView(row) : null;
  }

  /** One payment of the customer; another customer's is as unknown as one that does not exist. */
  async get(customerId: string, paymentId: string): Promise<PaymentView> {
    const row = await this.db.payment.findUnique({ where: { id: paymentId } });
    if (!row || row.customerId !== customerId) {
      throw new DomainError('not_found', 'payment_not_found', 'Payment not found');
    }
    return toView(row);
  }
}

const toView = (row: PaymentRow): PaymentView => ({
  id: row.id,
  orderId: row.orderId,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status as PaymentStatus,
  intentId: row.intentId,
  failureCode: row.failureCode,
  failureMessage: row.failureMessage,
  refundId: row.refundId,
  refundedAmount: Number(row.refundedAmount),
  requestedAt: row.requestedAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
