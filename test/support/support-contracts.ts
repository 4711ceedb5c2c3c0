import { randomBytes, randomUUID } from 'node:crypto';
import { SupportContractAdministration } from '../../src/application/support-contracts/support-contract-administration';
import { SupportContractCatalogQueries } from '../../src/application/support-contracts/support-contract-catalog-queries';
import { SupportContractCommands } from '../../src/application/support-contracts/support-contract-commands';
import type { SupportContractTerms } from '../../src/domain/support-contracts/support-contract-events';
import type { Db } from '../../src/infra/db/prisma';
import type { EventStore } from '../../src/infra/event-store/event-store';
import type { SupportContractSyncActivities } from '../../src/workflows/support-contract-sync.contract';
import { eventually } from './stack';

/** A contract code no other test uses. */
export const uniqueCode = (label: string): string => `${label}-${randomBytes(4).toString('hex').toUpperCase()}`;

export const contractTerms = (overrides: Partial<SupportContractTerms> = {}): SupportContractTerms => ({
  name: 'Business',
  description: 'Phone and email support on working days',
  monthlyPrice: { amount: 9900, currency: 'EUR' },
  responseTimeHours: 8,
  ...overrides,
});

export const ADMIN_ID = randomUUID();

export function contractAdministration(db: Db, eventStore: EventStore) {
  const commands = new SupportContractCommands(eventStore);
  const catalog = new SupportContractCatalogQueries(db);
  return { commands, catalog, admin: new SupportContractAdministration(commands, catalog) };
}

/**
 * Waits until every catalog change is safe for the sync to read: no transaction anywhere on the server
 * (other databases included) older than the last change is still running.
 */
export async function catalogSettled(db: Db): Promise<void> {
  await eventually(async () => {
    const [row] = await db.$queryRaw<[{ pending: boolean }]>`
      SELECT EXISTS (SELECT 1 FROM support_contract_catalog
                      WHERE changed_transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS pending`;
    return row.pending ? undefined : true;
  });
}

export interface SyncTotals {
  applied: number;
  retired: number;
  unchanged: number;
}

/** Runs sync batches until one is not full; the counts added up. */
export async function drainSync(activities: SupportContractSyncActivities, limit = 100): Promise<SyncTotals> {
  const totals = { applied: 0, retired: 0, unchanged: 0 };
  for (;;) {
    const batch = await activities.syncSupportContracts({ limit });
    totals.applied += batch.applied;
    totals.retired += batch.retired;
    totals.unchanged += batch.unchanged;
    if (!batch.more) return totals;
  }
}

/** The customer-side row of a contract, if any. */
export async function copyOf(db: Db, contractId: string) {
  return db.customerSupportContract.findUnique({ where: { id: contractId } });
}

/** The sync's cursor as text, to compare before and after. */
export async function syncCursor(db: Db): Promise<{ transactionId: string; position: string }> {
  const [row] = await db.$queryRaw<[{ transaction_id: string; position: string }]>`
    SELECT cursor_transaction_id::text AS transaction_id, cursor_position::text AS position
      FROM support_contract_sync_state WHERE id = 1`;
  return { transactionId: row.transaction_id, position: row.position };
}
