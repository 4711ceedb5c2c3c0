import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type {
  SupportContractSyncActivities,
  SupportContractSyncInput,
  SupportContractSyncTotals,
} from './support-contract-sync.contract';

// A catalog that does not answer fails each attempt within seconds; after a few the run fails and the
// schedule's next run catches up from the cursor (nothing is lost: the cursor only moves on success).
const sync = proxyActivities<SupportContractSyncActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 5 },
});

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_BATCHES_PER_RUN = 50;

/**
 * One periodic sync of the support-contract catalog to the customer side (DOMAIN §12): copies batches of
 * changes until one comes back not full, and answers the totals. Started by the `support-contracts-sync`
 * schedule (overlap SKIP: a run still going makes the next tick unnecessary).
 */
export async function supportContractSyncWorkflow(
  input: SupportContractSyncInput = {},
): Promise<SupportContractSyncTotals> {
  const limit = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const batchesPerRun = input.batchesPerRun ?? DEFAULT_BATCHES_PER_RUN;
  const totals: SupportContractSyncTotals = input.carried ?? { applied: 0, retired: 0, unchanged: 0, batches: 0 };
  for (let batches = 1; ; batches++) {
    const batch = await sync.syncSupportContracts({ limit });
    totals.applied += batch.applied;
    totals.retired += batch.retired;
    totals.unchanged += batch.unchanged;
    totals.batches += 1;
    if (!batch.more) return totals;
    if (batches >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof supportContractSyncWorkflow>({ ...input, carried: totals });
    }
  }
}
