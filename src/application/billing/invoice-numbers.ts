import type { Tx } from '../../infra/db/prisma';

/**
 * The next invoice sequence of `year`, taken inside the caller's transaction. The upsert locks the
 * year's counter row until that transaction ends: concurrent finalizations queue here, and a rollback
 * gives the number back, so the numbers of committed invoices have neither gaps nor duplicates.
 */
export async function takeInvoiceSequence(tx: Tx, year: number): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ last_sequence: number }>>`
    INSERT INTO invoice_number_counters (year, last_sequence) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last_sequence = invoice_number_counters.last_sequence + 1
    RETURNING last_sequence`;
  return row.last_sequence;
}
