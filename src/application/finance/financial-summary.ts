import type { Db } from '../../infra/db/prisma';

export interface Tally {
  count: number;
  /** Minor units. */
  amount: number;
}

/** One currency of a customer's money: amounts in different currencies are never added up. */
export interface CurrencySummary {
  currency: string;
  /** Payments still pending at the provider (customer action or webhook awaited). */
  ongoing: Tally;
  /** Payments that succeeded and were not refunded. */
  completed: Tally;
  /** Payments refunded, and the amount given back. */
  refunds: Tally;
  /** What the customer paid and kept paying for: succeeded minus refunded. */
  totalSpent: number;
}

export interface FinancialSummary {
  /** Sorted by currency; a currency appears once anything is ongoing, completed or refunded in it. */
  currencies: CurrencySummary[];
}

interface SummaryRow {
  currency: string;
  ongoingCount: number;
  ongoingAmount: bigint;
  completedCount: number;
  completedAmount: bigint;
  refundCount: number;
  refundAmount: bigint;
  totalSpent: bigint;
}

/** A customer's financial summary, from the `payments` read model in one query. */
export class FinancialSummaries {
  constructor(private readonly db: Db) {}

  async of(customerId: string): Promise<FinancialSummary> {
    const rows = await this.db.$queryRaw<SummaryRow[]>`
      SELECT currency,
             count(*) FILTER (WHERE status = 'Pending')::int AS "ongoingCount",
             coalesce(sum(amount) FILTER (WHERE status = 'Pending'), 0)::bigint AS "ongoingAmount",
             count(*) FILTER (WHERE status = 'Succeeded')::int AS "completedCount",
             coalesce(sum(amount) FILTER (WHERE status = 'Succeeded'), 0)::bigint AS "completedAmount",
             count(*) FILTER (WHERE refunded_amount > 0)::int AS "refundCount",
             coalesce(sum(refunded_amount), 0)::bigint AS "refundAmount",
             (coalesce(sum(amount) FILTER (WHERE status IN ('Succeeded', 'Refunded')), 0)
               - coalesce(sum(refunded_amount), 0))::bigint AS "totalSpent"
        FROM payments
       WHERE customer_id = ${customerId}::uuid
       GROUP BY currency
      HAVING count(*) FILTER (WHERE status IN ('Pending', 'Succeeded', 'Refunded')) > 0
       ORDER BY currency`;
    return {
      currencies: rows.map((r) => ({
        currency: r.currency,
        ongoing: { count: r.ongoingCount, amount: Number(r.ongoingAmount) },
        completed: { count: r.completedCount, amount: Number(r.completedAmount) },
        refunds: { count: r.refundCount, amount: Number(r.refundAmount) },
        totalSpent: Number(r.totalSpent),
      })),
    };
  }
}
