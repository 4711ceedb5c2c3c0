// What the sync schedule, the sync workflow, its activity and the API agree on. Pure: workflows import it.

export const SUPPORT_CONTRACT_SYNC_SCHEDULE_ID = 'support-contracts-sync';

export interface SupportContractSyncTotals {
  /** Contracts created or revised on the customer side. */
  applied: number;
  /** Contracts retired on the customer side. */
  retired: number;
  /** Changes read that the copy had already (a re-run, or an overlapping sync). */
  unchanged: number;
  batches: number;
}

export interface SupportContractSyncInput {
  /** Catalog changes per batch (default 100). */
  batchSize?: number;
  /** Batches per run before continue-as-new (default 50), so a long catch-up keeps a short history. */
  batchesPerRun?: number;
  /** Carried over continue-as-new. */
  carried?: SupportContractSyncTotals;
}

export interface SyncBatchResult {
  applied: number;
  retired: number;
  unchanged: number;
  /** The batch was full: more changes may be waiting. */
  more: boolean;
}

/** Implemented in src/activities/support-contracts. */
export interface SupportContractSyncActivities {
  /** Copies the next batch of catalog changes to the customer side and moves its cursor. */
  syncSupportContracts(input: { limit: number }): Promise<SyncBatchResult>;
}
