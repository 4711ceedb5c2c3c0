import type { Tx } from '../db/prisma';
import type { CheckpointStore } from '../event-store/checkpointed-consumer';
import type { AllCheckpoint } from '../event-store/types';

/** Checkpoints of the consumers that write to the analytics schema, kept next to what they wrote. */
export const analyticsCheckpoints: CheckpointStore = {
  async lock(tx: Tx, consumer: string): Promise<AllCheckpoint> {
    // Created at the start of all on first use; two first uses at once both end up locking this one row.
    await tx.$executeRaw`
      INSERT INTO analytics.consumer_checkpoints (consumer) VALUES (${consumer}) ON CONFLICT (consumer) DO NOTHING`;
    const [row] = await tx.$queryRaw<Array<{ transaction_id: string; position: bigint }>>`
      SELECT transaction_id::text AS transaction_id, position
        FROM analytics.consumer_checkpoints WHERE consumer = ${consumer} FOR UPDATE`;
    return { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) };
  },

  async save(tx: Tx, consumer: string, checkpoint: AllCheckpoint): Promise<void> {
    await tx.$executeRaw`
      UPDATE analytics.consumer_checkpoints
         SET transaction_id = ${checkpoint.transactionId.toString()}::xid8, position = ${checkpoint.position},
             updated_at = now()
       WHERE consumer = ${consumer}`;
  },
};

/** A consumer's checkpoint as last committed, or undefined before its first batch (for status and tests). */
export async function readAnalyticsCheckpoint(
  client: Pick<Tx, '$queryRaw'>,
  consumer: string,
): Promise<AllCheckpoint | undefined> {
  const [row] = await client.$queryRaw<Array<{ transaction_id: string; position: bigint }>>`
    SELECT transaction_id::text AS transaction_id, position FROM analytics.consumer_checkpoints
     WHERE consumer = ${consumer}`;
  return row && { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) };
}
