import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { createSupportContractActivities } from '../../src/activities/support-contracts';
import type { supportContractSyncWorkflow } from '../../src/workflows/support-contract-sync.workflow';
import type { SupportContractSyncInput } from '../../src/workflows/support-contract-sync.contract';
import { replayAndRecord, workflowBundle } from '../support/replay-history';
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

// Each path of the sync workflow, run for real to its end, replayed on the current code and (with
// RECORD_HISTORIES=1) stored as a fixture that test/workflow/replay.test.ts replays from then on.
describe('support-contract sync histories', () => {
  let stack: TestStack;
  let contracts: ReturnType<typeof contractAdministration>;
  const create = (label: string) => contracts.admin.create({ code: uniqueCode(label), ...contractTerms() }, ADMIN_ID);
  const caughtUp = async () => {
    await catalogSettled(stack.infra.db);
    await drainSync(createSupportContractActivities(stack.infra));
  };
  const start = (input: SupportContractSyncInput) =>
    stack.temporal.workflow.start<typeof supportContractSyncWorkflow>('supportContractSyncWorkflow', {
      workflowId: `support-contract-sync-replay-${randomUUID()}`,
      taskQueue: stack.config.temporal.taskQueue,
      args: [input],
    });

  beforeAll(async () => {
    stack = await startTestStack();
    contracts = contractAdministration(stack.infra.db, stack.infra.eventStore);
  });
  afterAll(() => stack?.stop());

  it('catches up in one batch', async () => {
    await caughtUp();
    const contract = await create('REPLAY');
    await contracts.admin.revise(contract.id, { name: 'Replayed' }, ADMIN_ID);
    await catalogSettled(stack.infra.db);
    const handle = await start({});
    expect(await handle.result()).toEqual({ applied: 1, retired: 0, unchanged: 0, batches: 1 });
    await replayAndRecord(handle, 'support-contract-sync-caught-up');
  });

  it('continues as new after its batches, carrying the totals', async () => {
    await caughtUp();
    const retired = await create('REPLAY');
    await create('REPLAY');
    await contracts.admin.retire(retired.id, ADMIN_ID);
    await catalogSettled(stack.infra.db);
    const handle = await start({ batchSize: 1, batchesPerRun: 1 });
    expect(await handle.result()).toEqual({ applied: 1, retired: 1, unchanged: 0, batches: 3 });
    // The first run (it ended in continue-as-new) replays too; the fixture stores the last run, which
    // started from the carried totals (the recorder reads a workflow's latest run).
    const first = stack.temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
    expect((await first.describe()).status.name).toBe('CONTINUED_AS_NEW');
    await expect(
      Worker.runReplayHistory(workflowBundle(), await first.fetchHistory(), handle.workflowId),
    ).resolves.toBeUndefined();
    await replayAndRecord(handle, 'support-contract-sync-carried');
  });

  it('retries while the catalog is unavailable and catches up once it is back', async () => {
    await caughtUp();
    const contract = await create('REPLAY');
    await catalogSettled(stack.infra.db);
    const locker = new PgClient({ connectionString: stack.config.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE support_contract_catalog IN ACCESS EXCLUSIVE MODE');
      const handle = await start({});
      // The first attempt failed (lock timeout) and the activity is being retried.
      await eventually(async () => {
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        return (pending[0]?.attempt ?? 0) >= 2 ? true : undefined;
      });
      await locker.query('ROLLBACK');
      expect(await handle.result()).toEqual({ applied: 1, retired: 0, unchanged: 0, batches: 1 });
      expect(await copyOf(stack.infra.db, contract.id)).toMatchObject({ version: 1 });
      await replayAndRecord(handle, 'support-contract-sync-retried');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });
});
