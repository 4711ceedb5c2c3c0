import { CustomerSupportContractCopy } from '../../application/support-contracts/customer-support-contract-copy';
import { PostgresSupportContractCatalog } from '../../application/support-contracts/postgres-support-contract-catalog';
import { SupportContractSync } from '../../application/support-contracts/support-contract-sync';
import type { Infrastructure } from '../../infra/infrastructure';
import type { SupportContractSyncActivities } from '../../workflows/support-contract-sync.contract';

/**
 * The support-contract sync's one step. Idempotent: a retried batch finds the versions and the cursor
 * moved already and copies nothing twice. An unavailable catalog fails the attempt fast (retryable).
 */
export function createSupportContractActivities(infra: Pick<Infrastructure, 'db'>): SupportContractSyncActivities {
  const sync = new SupportContractSync(
    new PostgresSupportContractCatalog(infra.db),
    new CustomerSupportContractCopy(infra.db),
  );
  return {
    syncSupportContracts: ({ limit }) => sync.syncBatch(limit),
  };
}
