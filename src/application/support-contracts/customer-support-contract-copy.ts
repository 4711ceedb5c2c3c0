import type { Db } from '../../infra/db/prisma';
import { START_OF_ALL, type AllCheckpoint } from '../../infra/event-store/types';
import type { CatalogSupportContract } from './support-contract-catalog';

/** What one batch did to the copy; each contract read counts once. */
export interface CopyOutcome {
  /** Contracts created or revised on the customer side. */
  applied: number;
  /** Contracts that became retired on the customer side. */
  retired: number;
  /** Contracts read whose copy was already as new (a re-run, or another sync got there first). */
  unchanged: number;
}

/**
 * The customer side's copy of the catalog (`customer_support_contracts`) and where its sync stands
 * (`support_contract_sync_state`). Only the sync writes here.
 */
export class CustomerSupportContractCopy {
  constructor(private readonly db: Db) {}

  /** The checkpoint of the last catalog change copied. */
  async cursor(): Promise<AllCheckpoint> {
    const [row] = await this.db.$queryRaw<Array<{ transaction_id: string; position: bigint }>>`
      SELECT cursor_transaction_id::text AS transaction_id, cursor_position AS position
        FROM support_contract_sync_state WHERE id = 1`;
    return row ? { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) } : START_OF_ALL;
  }

  /**
   * Copies a batch read from the catalog and moves the cursor to its last change, in one transaction.
   * A contract is written only when its version is newer than the copy's, and the cursor only moves
   * forward: a stale or repeated batch (a retried activity, two syncs at once) changes nothing.
   */
  async apply(contracts: CatalogSupportContract[], syncedAt: Date): Promise<CopyOutcome> {
    return this.db.$transaction(
      async (tx) => {
        // Syncs that overlap take turns here, so each one's counts are its own.
        await tx.$queryRaw`SELECT id FROM support_contract_sync_state WHERE id = 1 FOR UPDATE`;
        let written: Array<{ status: string }> = [];
        if (contracts.length > 0) {
          written = await tx.$queryRaw<Array<{ status: string }>>`
            INSERT INTO customer_support_contracts AS copy (id, code, name, description, monthly_price_amount,
              monthly_price_currency, response_time_hours, status, version, synced_at)
            SELECT id, code, name, description, amount, currency, hours, status, version, ${syncedAt}
              FROM unnest(${contracts.map((c) => c.id)}::uuid[], ${contracts.map((c) => c.code)}::text[],
                ${contracts.map((c) => c.name)}::text[], ${contracts.map((c) => c.description)}::text[],
                ${contracts.map((c) => c.monthlyPrice.amount)}::bigint[],
                ${contracts.map((c) => c.monthlyPrice.currency)}::text[],
                ${contracts.map((c) => c.responseTimeHours)}::int[], ${contracts.map((c) => c.status)}::text[],
                ${contracts.map((c) => c.version)}::int[])
                AS incoming(id, code, name, description, amount, currency, hours, status, version)
            ON CONFLICT (id) DO UPDATE SET
              code = EXCLUDED.code, name = EXCLUDED.name, description = EXCLUDED.description,
              monthly_price_amount = EXCLUDED.monthly_price_amount,
              monthly_price_currency = EXCLUDED.monthly_price_currency,
              response_time_hours = EXCLUDED.response_time_hours, status = EXCLUDED.status,
              version = EXCLUDED.version, synced_at = EXCLUDED.synced_at
            WHERE copy.version < EXCLUDED.version
            RETURNING copy.status`;
          const last = contracts[contracts.length - 1].changedAt;
          await tx.$executeRaw`
            UPDATE support_contract_sync_state
               SET cursor_transaction_id = ${last.transactionId.toString()}::xid8, cursor_position = ${last.position}
             WHERE id = 1
               AND (cursor_transaction_id, cursor_position) < (${last.transactionId.toString()}::xid8, ${last.position})`;
        }
        const retired = written.filter((w) => w.status === 'retired').length;
        const applied = written.length - retired;
        await tx.$executeRaw`
          UPDATE support_contract_sync_state
             SET last_synced_at = GREATEST(last_synced_at, ${syncedAt}),
                 contracts_applied = contracts_applied + ${applied},
                 contracts_retired = contracts_retired + ${retired}
           WHERE id = 1`;
        return { applied, retired, unchanged: contracts.length - written.length };
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  }
}
