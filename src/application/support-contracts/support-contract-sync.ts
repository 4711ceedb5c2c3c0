import type { CopyOutcome, CustomerSupportContractCopy } from './customer-support-contract-copy';
import type { SupportContractCatalog } from './support-contract-catalog';

export interface SyncBatchOutcome extends CopyOutcome {
  /** The batch was full: more changes may be waiting. */
  more: boolean;
}

export const MAX_SYNC_BATCH = 1000;

/**
 * One batch of the periodic sync: the catalog changes after the customer side's cursor, copied in one
 * customer-side transaction that also moves the cursor. Incremental (only changes since the cursor) and
 * idempotent (versions and the cursor only move forward), so a re-run or a retried batch copies nothing twice.
 */
export class SupportContractSync {
  constructor(
    private readonly catalog: SupportContractCatalog,
    private readonly copy: CustomerSupportContractCopy,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async syncBatch(limit: number): Promise<SyncBatchOutcome> {
    const size = Math.min(Math.max(Math.trunc(limit) || 1, 1), MAX_SYNC_BATCH);
    const changes = await this.catalog.changedAfter(await this.copy.cursor(), size);
    const outcome = await this.copy.apply(changes, this.clock());
    return { ...outcome, more: changes.length === size };
  }
}
