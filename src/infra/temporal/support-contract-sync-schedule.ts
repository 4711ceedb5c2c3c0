import type { Client, ScheduleOptions } from '@temporalio/client';
import type { Config } from '../../config/config';
import { ensureSchedule } from './ensure-schedule';
import type { supportContractSyncWorkflow } from '../../workflows/support-contract-sync.workflow';
import { SUPPORT_CONTRACT_SYNC_SCHEDULE_ID } from '../../workflows/support-contract-sync.contract';

type SyncScheduleConfig = Pick<Config, 'temporal' | 'supportContracts'>;

const SYNC_RUN_TIMEOUT = '15 minutes';

/**
 * The support-contract sync: every SUPPORT_CONTRACT_SYNC_INTERVAL it copies the catalog's changes since the
 * customer side's cursor.
 * - Overlap SKIP: a run still going is already catching up, so the tick that meets it is dropped.
 * - Catch-up window 1 minute: after an outage one missed tick may still run; any others are not needed,
 *   as every run copies everything since the cursor.
 */
export function supportContractSyncScheduleOptions(
  config: SyncScheduleConfig,
  scheduleId = SUPPORT_CONTRACT_SYNC_SCHEDULE_ID,
): ScheduleOptions {
  return {
    scheduleId,
    spec: { intervals: [{ every: config.supportContracts.syncIntervalMs }] },
    action: {
      type: 'startWorkflow',
      workflowType: 'supportContractSyncWorkflow',
      workflowId: `${scheduleId}-run`,
      taskQueue: config.temporal.taskQueue,
      // Overlap SKIP waits for the running sync; one that can never finish (its task queue lost its
      // workers) must end, or the copy would never be refreshed again.
      workflowRunTimeout: SYNC_RUN_TIMEOUT,
      args: [{}] satisfies Parameters<typeof supportContractSyncWorkflow>,
    },
    policies: { overlap: 'SKIP', catchupWindow: '1 minute', pauseOnFailure: false },
  };
}

/**
 * Creates the schedule, or brings an existing one up to date (interval, task queue, policies): safe to
 * call on every worker start.
 */
export async function ensureSupportContractSyncSchedule(
  client: Client,
  config: SyncScheduleConfig,
  scheduleId = SUPPORT_CONTRACT_SYNC_SCHEDULE_ID,
): Promise<'created' | 'updated'> {
  return ensureSchedule(client, supportContractSyncScheduleOptions(config, scheduleId));
}
