import { Prisma } from '../../generated/prisma/client';
import type { TicketCodes } from '../../infra/crypto/ticket-code';
import type { Db } from '../../infra/db/prisma';
import { DomainError } from '../../domain/shared/errors';
import { decodeTicketCursor, encodeTicketCursor } from './ticket-cursor';

export interface TicketDeliveryView {
  method: 'email' | 'courier';
  status: 'pending' | 'sent' | 'dispatched' | 'delivered';
  trackingNumber?: string;
  carrier?: string;
  /** When the status last changed. */
  at: string;
}

export interface TicketView {
  id: string;
  orderId: string;
  concertId: string;
  concertName: string;
  ticketLevel: string;
  levelName: string;
  admission: number;
  status: 'issued' | 'admitted' | 'voided';
  voidReason: 'concert_cancelled' | 'refunded' | null;
  issuedAt: string;
  admittedAt: string | null;
  delivery: TicketDeliveryView;
}

/** A ticket as its holder sees it, with the code to show at the door (computed, never stored). */
export interface TicketDetailsView extends TicketView {
  code: string;
}

export interface TicketPage {
  items: TicketView[];
  nextCursor: string | null;
}

interface TicketRow {
  id: string;
  orderId: string;
  concertId: string;
  concertName: string;
  ticketLevel: string;
  levelName: string;
  admission: number;
  status: string;
  voidReason: string | null;
  issuedAt: Date;
  admittedAt: Date | null;
  method: string;
  deliveryStatus: string;
  trackingNumber: string | null;
  carrier: string | null;
  deliveryAt: Date;
}

const SELECT = Prisma.sql`
  SELECT t.id::text AS id, t.order_id::text AS "orderId", t.concert_id::text AS "concertId",
         t.concert_name AS "concertName", t.ticket_level AS "ticketLevel", t.level_name AS "levelName",
         t.admission, t.status, t.void_reason AS "voidReason", t.issued_at AS "issuedAt",
         t.admitted_at AS "admittedAt", d.method, d.status AS "deliveryStatus",
         d.tracking_number AS "trackingNumber", d.carrier, d.updated_at AS "deliveryAt"
    FROM tickets t JOIN ticket_deliveries d ON d.ticket_id = t.id`;

/** Customers' tickets, from the `tickets` read model. */
export class TicketQueries {
  constructor(
    private readonly db: Db,
    private readonly codes: TicketCodes,
  ) {}

  /**
   * The customer's tickets, newest order first and in admission order within an order. Keyset
   * pagination on (issued_at, order_id, admission) walks the customer's index however deep the page.
   */
  async listForCustomer(customerId: string, query: { limit: number; cursor?: string }): Promise<TicketPage> {
    const after = query.cursor === undefined ? undefined : decodeTicketCursor(query.cursor);
    const conditions = [Prisma.sql`t.customer_id = ${customerId}::uuid`];
    if (after) {
      conditions.push(Prisma.sql`((t.issued_at, t.order_id) < (${after.issuedAt}::timestamptz, ${after.orderId}::uuid)
        OR (t.issued_at = ${after.issuedAt}::timestamptz AND t.order_id = ${after.orderId}::uuid
            AND t.admission > ${after.admission}))`);
    }
    const rows = await this.db.$queryRaw<TicketRow[]>`${SELECT}
       WHERE ${Prisma.join(conditions, ' AND ')}
       ORDER BY t.issued_at DESC, t.order_id DESC, t.admission LIMIT ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      nextCursor:
        rows.length > query.limit
          ? encodeTicketCursor({ issuedAt: last.issuedAt, orderId: last.orderId, admission: last.admission })
          : null,
    };
  }

  /** One of the customer's tickets with its code; anyone else's is not found, like an unknown id. */
  async getForCustomer(ticketId: string, customerId: string): Promise<TicketDetailsView> {
    const [row] = await this.db.$queryRaw<TicketRow[]>`${SELECT}
       WHERE t.id = ${ticketId}::uuid AND t.customer_id = ${customerId}::uuid`;
    if (!row) throw new DomainError('not_found', 'ticket_not_found', 'Ticket not found');
    return { ...toView(row), code: this.codes.codeFor(row.id) };
  }

  /** The tickets of one order, in admission order (for order details). */
  async forOrder(orderId: string): Promise<TicketView[]> {
    const rows = await this.db.$queryRaw<TicketRow[]>`${SELECT}
       WHERE t.order_id = ${orderId}::uuid ORDER BY t.admission`;
    return rows.map(toView);
  }
}

function toView(row: TicketRow): TicketView {
  return {
    id: row.id,
    orderId: row.orderId,
    concertId: row.concertId,
    concertName: row.concertName,
    ticketLevel: row.ticketLevel,
    levelName: row.levelName,
    admission: row.admission,
    status: row.status as TicketView['status'],
    voidReason: row.voidReason as TicketView['voidReason'],
    issuedAt: row.issuedAt.toISOString(),
    admittedAt: row.admittedAt?.toISOString() ?? null,
    delivery: {
      method: row.method as TicketDeliveryView['method'],
      status: row.deliveryStatus as TicketDeliveryView['status'],
      ...(row.trackingNumber ? { trackingNumber: row.trackingNumber } : {}),
      ...(row.carrier ? { carrier: row.carrier } : {}),
      at: row.deliveryAt.toISOString(),
    },
  };
}
