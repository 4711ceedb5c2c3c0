import type { Db } from '../../infra/db/prisma';
import type { AllCheckpoint } from '../../infra/event-store/types';
import {
  SupportContractCatalogUnavailable,
  type CatalogSupportContract,
  type SupportContractCatalog,
} from './support-contract-catalog';

export interface CatalogTimeouts {
  /** Longest wait for a lock (an admin's migration, a rebuild holding the table). */
  lockTimeoutMs: number;
  /** Longest any one read may take. */
  statementTimeoutMs: number;
}

export const DEFAULT_CATALOG_TIMEOUTS: CatalogTimeouts = { lockTimeoutMs: 1_000, statementTimeoutMs: 5_000 };

interface CatalogRow {
  id: string;
  code: string;
  name: string;
  description: string;
  monthly_price_amount: bigint;
  monthly_price_currency: string;
  response_time_hours: number;
  status: 'active' | 'retired';
  version: number;
  changed_transaction_id: string;
  changed_position: bigint;
}

/**
 * The catalog side on Postgres (`support_contract_catalog`). Reads run in a read-only transaction with a
 * short lock and statement timeout: an unavailable catalog fails the sync in about a second instead of
 * holding it (and a connection) until the catalog comes back.
 */
export class PostgresSupportContractCatalog implements SupportContractCatalog {
  constructor(
    private readonly db: Db,
    private readonly timeouts: CatalogTimeouts = DEFAULT_CATALOG_TIMEOUTS,
  ) {}

  async changedAfter(cursor: AllCheckpoint, limit: number): Promise<CatalogSupportContract[]> {
    const { lockTimeoutMs, statementTimeoutMs } = this.timeouts;
    let rows: CatalogRow[];
    try {
      rows = await this.db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`SET TRANSACTION READ ONLY`);
          await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.trunc(lockTimeoutMs)}`);
          await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
          // The commit-order rule of EventStore.readAll: only changes of transactions older than every
          // one still running, so one that commits later with a lower position is never skipped. The
          // ORDER BY is qualified so it sorts by the xid8 column, not the select list's text copy.
          return tx.$queryRaw<CatalogRow[]>`
            SELECT id::text AS id, code, name, description, monthly_price_amount, monthly_price_currency,
                   response_time_hours, status, version, changed_transaction_id::text AS changed_transaction_id,
                   changed_position
              FROM support_contract_catalog
             WHERE (changed_transaction_id, changed_position) > (${cursor.transactionId.toString()}::xid8, ${cursor.position})
               AND changed_transaction_id < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY support_contract_catalog.changed_transaction_id, support_contract_catalog.changed_position
             LIMIT ${limit}`;
        },
        { maxWait: lockTimeoutMs + statementTimeoutMs, timeout: lockTimeoutMs + statementTimeoutMs + 1_000 },
      );
    } catch (err) {
      throw new SupportContractCatalogUnavailable(err);
    }
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      description: r.description,
      monthlyPrice: { amount: Number(r.monthly_price_amount), currency: r.monthly_price_currency },
      responseTimeHours: r.response_time_hours,
      status: r.status,
      version: r.version,
      changedAt: { transactionId: BigInt(r.changed_transaction_id), position: BigInt(r.changed_position) },
    }));
  }
}
