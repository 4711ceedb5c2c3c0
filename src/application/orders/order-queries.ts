import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../infra/db/prisma';
import type { OrderStatus, SoldOutLine } from '../../domain/orders/order-events';
import { DomainError } from '../../domain/shared/errors';
import type { PaymentView } from '../finance/payment-queries';
import { decodeCursor, encodeCursor } from '../shared/page-cursor';
import type { TicketView } from '../tickets/ticket-queries';

export interface OrderSummaryView {
  id: string;
  status: OrderStatus;
  total: { amount: number; currency: string };
  deliveryMethod: string;
  placedAt: string;
  holdExpiresAt: string | null;
  itemCount: number;
}

export interface OrderLineView {
  concertId: string;
  concertName: string;
  ticketLevel: string;
  levelName: string;
  quantity: number;
  unitPrice: number;
  currency: string;
  amount: number;
}

export interface OrderView extends OrderSummaryView {
  lines: OrderLineView[];
  soldOut: SoldOutLine[];
  paidAt: string | null;
  closedAt: string | null;
  cancelReason: string | null;
  failureCode: string | null;
  payment: PaymentView | null;
  tickets: TicketView[];
}

/** What other contexts tell about an order: its payment and its tickets (their own read models). */
export interface OrderPayments {
  ofOrder(orderId: string): Promise<PaymentView | null>;
}
export interface OrderTickets {
  forOrder(orderId: string): Promise<TicketView[]>;
}

interface OrderRow {
  id: string;
  status: string;
  totalAmount: bigint;
  currency: string;
  deliveryMethod: string;
  placedAt: Date;
  holdExpiresAt: Date | null;
  itemCount: number;
}

/** A customer's orders, from the `orders` read model. Someone else's order is not found. */
export class OrderQueries {
  constructor(
    private readonly db: Db,
    private readonly payments: OrderPayments,
    private readonly tickets: OrderTickets,
  ) {}

  async list(customerId: string, query: { limit: number; cursor?: string }) {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.db.$queryRaw<OrderRow[]>`
      SELECT o.id::text AS id, o.status, o.total_amount AS "totalAmount", o.currency, o.delivery_method AS "deliveryMethod",
             o.placed_at AS "placedAt", o.hold_expires_at AS "holdExpiresAt",
             (SELECT coalesce(sum(quantity), 0)::int FROM order_lines l WHERE l.order_id = o.id) AS "itemCount"
        FROM orders o
       WHERE o.customer_id = ${customerId}::uuid
         ${after ? Prisma.sql`AND (o.placed_at, o.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
       ORDER BY o.placed_at DESC, o.id DESC LIMIT ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summaryOf),
      nextCursor: rows.length > query.limit ? encodeCursor({ at: last.placedAt, id: last.id }) : null,
    };
  }

  async get(customerId: string, orderId: string): Promise<OrderView> {
    const order = await this.db.order.findUnique({ where: { id: orderId }, include: { lines: true } });
    if (!order || order.customerId !== customerId)
      throw new DomainError('not_found', 'order_not_found', 'Order not found');
    const lines = [...order.lines].sort((a, b) => a.position - b.position);
    const [payment, tickets] = await Promise.all([this.payments.ofOrder(orderId), this.tickets.forOrder(orderId)]);
    return {
      ...summaryOf({ ...order, itemCount: lines.reduce((n, l) => n + l.quantity, 0) }),
      lines: lines.map((l) => ({
        concertId: l.concertId,
        concertName: l.concertName,
        ticketLevel: l.ticketLevel,
        levelName: l.levelName,
        quantity: l.quantity,
        unitPrice: Number(l.unitPrice),
        currency: l.currency,
        amount: Number(l.unitPrice) * l.quantity,
      })),
      soldOut: order.soldOut as unknown as SoldOutLine[],
      paidAt: order.paidAt?.toISOString() ?? null,
      closedAt: order.closedAt?.toISOString() ?? null,
      cancelReason: order.cancelReason,
      failureCode: order.failureCode,
      payment,
      tickets,
    };
  }

  /** The customer's own order, or not found: for commands that must not reveal other orders. */
  async ownerOf(orderId: string): Promise<string | undefined> {
    const order = await this.db.order.findUnique({ where: { id: orderId }, select: { customerId: true } });
    return order?.customerId;
  }

  /** Refuses an order id that is not this customer's with the same answer as an unknown one. */
  async requireOwn(customerId: string, orderId: string): Promise<void> {
    if ((await this.ownerOf(orderId)) !== customerId) {
      throw new DomainError('not_found', 'order_not_found', 'Order not found');
    }
  }
}

function summaryOf(row: OrderRow): OrderSummaryView {
  return {
    id: row.id,
    status: row.status as OrderStatus,
    total: { amount: Number(row.totalAmount), currency: row.currency },
    deliveryMethod: row.deliveryMethod,
    placedAt: row.placedAt.toISOString(),
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    itemCount: row.itemCount,
  };
}
