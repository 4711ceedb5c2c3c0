import { randomUUID } from 'node:crypto';
import { createSupportContractActivities } from '../../src/activities/support-contracts';
import { ensureSupportContractSyncSchedule } from '../../src/infra/temporal/support-contract-sync-schedule';
import type { supportContractSyncWorkflow } from '../../src/workflows/support-contract-sync.workflow';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import {
  ADMIN_ID,
  catalogSettled,
  contractAdministration,
  contractTerms,
  copyOf,
  drainSync,
  uniqueCode,
} from '../support/support-contracts';

const HOUR = 3_600_000;

// The sync's workflow and schedule on the real dev server and Postgres.
describe('support-contract sync workflow and schedule', () => {
  let stack: TestStack;
  let contracts: ReturnType<typeof contractAdministration>;
  const create = (label: string) => contracts.admin.create({ code: uniqueCode(label), ...contractTerms() }, ADMIN_ID);
  /** Copies whatever earlier files left, so this file's runs count only its own changes. */
  const caughtUp = async () => {
    await catalogSettled(stack.infra.db);
    await drainSync(createSupportContractActivities(stack.infra));
  };

  beforeAll(async () => {
    stack = await startTestStack({ SUPPORT_CONTRACT_SYNC_INTERVAL: '1h' });
    contracts = contractAdministration(stack.infra.db, stack.infra.eventStore);
  });
  afterAll(() => stack?.stop());

  it('is ensured on every start: created once, then updated to the configured interval', async () => {
    const scheduleId = `support-contracts-sync-test-${randomUUID()}`;
    expect(await ensureSupportContractSyncSchedule(stack.temporal, stack.config, scheduleId)).toBe('created');
    const schedule = stack.temporal.schedule.getHandle(scheduleId);
    try {
      expect(await ensureSupportContractSyncSchedule(stack.temporal, stack.config, scheduleId)).toBe('updated');
      const described = await schedule.describe();
      expect(described.spec.intervals).toEqual([expect.objectContaining({ every: HOUR })]);
      expect(described.policies).toMatchObject({ overlap: 'SKIP' });
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'supportContractSyncWorkflow',
        taskQueue: stack.config.temporal.taskQueue,
      });

      // A worker started with another interval moves the schedule to it.
      const config = { ...stack.config, supportContracts: { syncIntervalMs: 5 * 60_000 } };
      expect(await ensureSupportContractSyncSchedule(stack.temporal, config, scheduleId)).toBe('updated');
      expect((await schedule.describe()).spec.intervals).toEqual([expect.objectContaining({ every: 5 * 60_000 })]);
    } finally {
      await schedule.delete();
    }
  });

  it('runs the sync when triggered, and the customer-side copy is updated', async () => {
    await caughtUp();
    const scheduleId = `support-contracts-sync-test-${randomUUID()}`;
    await ensureSupportContractSyncSchedule(stack.temporal, stack.config, scheduleId);
    const schedule = stack.temporal.schedule.getHandle(scheduleId);
    try {
      const contract = await create('TRIGGERED');
      await catalogSettled(stack.infra.db);
      expect(await copyOf(stack.infra.db, contract.id)).toBeNull();

      await schedule.trigger();
      const action = await eventually(async () => (await schedule.describe()).info.recentActions[0]);
      const run = stack.temporal.workflow.getHandle<typeof supportContractSyncWorkflow>(
        action.action.workflow.workflowId,
      );
      expect(await run.result()).toEqual({ applied: 1, retired: 0, unchanged: 0, batches: 1 });
      expect(await copyOf(stack.infra.db, contract.id)).toMatchObject({ code: contract.code, version: 1 });
    } finally {
      await schedule.delete();
    }
  });

  it('copies batch after batch until caught up, continuing as new, and answers the totals', async () => {
    await caughtUp();
    const [a, b, c] = [await create('LOOP'), await create('LOOP'), await create('LOOP')];
    await contracts.admin.retire(c.id, ADMIN_ID);
    await catalogSettled(stack.infra.db);

    const handle = await stack.temporal.workflow.start<typeof supportContractSyncWorkflow>(
      'supportContractSyncWorkflow',
      {
        workflowId: `support-contract-sync-loop-${randomUUID()}`,
        taskQueue: stack.config.temporal.taskQueue,
        args: [{ batchSize: 1, batchesPerRun: 2 }],
      },
    );
    // Batches of one: 1, 1 (then continue-as-new), 1, and an empty one that ends the loop.
    expect(await handle.result()).toEqual({ applied: 2, retired: 1, unchanged: 0, batches: 4 });
    const first = stack.temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    expect(await copyOf(stack.infra.db, a.id)).toMatchObject({ status: 'active' });
    expect(await copyOf(stack.infra.db, b.id)).toMatchObject({ status: 'active' });
    expect(await copyOf(stack.infra.db, c.id)).toMatchObject({ status: 'retired', version: 2 });
  });
});
