import { loadConfig } from '../../src/config/config';
import { supportContractSyncScheduleOptions } from '../../src/infra/temporal/support-contract-sync-schedule';
import { SUPPORT_CONTRACT_SYNC_SCHEDULE_ID } from '../../src/workflows/support-contract-sync.contract';

describe('support-contract sync schedule options', () => {
  it('runs the sync workflow every SUPPORT_CONTRACT_SYNC_INTERVAL on the configured task queue, skipping overlaps', () => {
    const config = loadConfig({ SUPPORT_CONTRACT_SYNC_INTERVAL: '90s', TEMPORAL_TASK_QUEUE: 'contracts-q' });
    expect(supportContractSyncScheduleOptions(config)).toMatchObject({
      scheduleId: SUPPORT_CONTRACT_SYNC_SCHEDULE_ID,
      spec: { intervals: [{ every: 90_000 }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'supportContractSyncWorkflow',
        workflowId: `${SUPPORT_CONTRACT_SYNC_SCHEDULE_ID}-run`,
        taskQueue: 'contracts-q',
        workflowRunTimeout: '15 minutes',
        args: [{}],
      },
      policies: { overlap: 'SKIP', pauseOnFailure: false },
    });
  });

  it('defaults to one minute, and takes another schedule id', () => {
    const options = supportContractSyncScheduleOptions(loadConfig({}), 'sync-test');
    expect(options.spec.intervals).toEqual([{ every: 60_000 }]);
    expect(options.scheduleId).toBe('sync-test');
    expect(options.action).toMatchObject({ workflowId: 'sync-test-run' });
  });
});
