import type { Db } from '../../infra/db/prisma';
import type { OrderCompanions, PaymentSummary, TicketSummary } from './order-queries';

/** An order's payment and tickets, read from the payments and tickets read models by order id. */
export class ReadModelOrderCompanions implements OrderCompanions {
  constructor(private readonly db: Db) {}

  async paymentOf(orderId: string): Promise<PaymentSummary | null> {
    const [row] = await this.db.$queryRaw<
      Array<{ id: string; status: string; amount: bigint; currency: string; failure_code: string | null }>
    >`SELECT id::text AS id, status, amount, currency, failure_code FROM payments WHERE order_id = ${orderId}::uuid LIMIT 1`;
    return row
      ? {
          id: row.id,
          status: row.status,
          amount: Number(row.amount),
          currency: row.currency,
          failureCode: row.failure_code,
        }
      : null;
  }

  async ticketsOf(orderId: string): Promise<TicketSummary[]> {
    const rows = await this.db.$queryRaw<
      Array<{
        id: string;
        ticket_level: string;
        status: string;
        method: string | null;
        delivery: string | null;
        tracking_number: string | null;
      }>
    >`SELECT t.id::text AS id, t.ticket_level, t.status, d.method, d.status AS delivery, d.tracking_number
        FROM tickets t LEFT JOIN ticket_deliveries d ON d.ticket_id = t.id
       WHERE t.order_id = ${orderId}::uuid ORDER BY t.admission`;
    return rows.map((r) => ({
      id: r.id,
      ticketLevel: r.ticket_level,
      status: r.status,
      delivery: { method: r.method ?? 'unknown', status: r.delivery ?? 'pending', trackingNumber: r.tracking_number },
    }));
  }
}
