import { randomUUID } from 'node:crypto';
import { deterministicId } from '../../src/infra/event-store/ids';
import { ensureBillingSchedule } from '../../src/infra/temporal/billing-schedule';
import type { billingRunWorkflow, scheduledBillingRunWorkflow } from '../../src/workflows/billing-run.workflow';
import {
  billingMilestoneSignal,
  billingRunProgressQuery,
  billingRunWorkflowId,
  invoiceWorkflowId,
  periodOf,
  previousPeriod,
  type BillingMilestone,
  type BillingRunInput,
} from '../../src/workflows/billing.contract';
import { openBillingAccount, sleep, streamEvents, type BillingTestAccount } from '../support/billing-runs';
import { replayAndRecord } from '../support/replay-history';
import { eventually, startTestStack, type TestStack } from '../support/stack';

// Billing runs on the real dev server, Postgres, stripe-mock and the mail sink. Each test bills a period
// long ago that only its own accounts were open in: accounts opened after a period are not billable in it,
// so every test uses an earlier period than the tests before it.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const invoiceIdOf = (accountId: string, period: string) => deterministicId('subscription-invoice', accountId, period);

async function openAccounts(n: number, openedAt: string, declined: number[] = []): Promise<BillingTestAccount[]> {
  const accounts: BillingTestAccount[] = [];
  for (let i = 0; i < n; i++) {
    accounts.push(
      await openBillingAccount(stack.infra, {
        openedAt: new Date(openedAt),
        paymentMethodId: declined.includes(i) ? 'pm_card_chargeDeclined' : 'pm_card_visa',
      }),
    );
  }
  return accounts;
}

function runRun(input: BillingRunInput) {
  return stack.temporal.workflow.start<typeof billingRunWorkflow>('billingRunWorkflow', {
    workflowId: billingRunWorkflowId(input.period),
    taskQueue: stack.config.temporal.taskQueue,
    args: [input],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
}

const mailsTo = (account: BillingTestAccount) =>
  stack.sink.messages().filter((m) => m.to.includes(account.owner.email));

describe('billing run', () => {
  it('invoices every account of the period in pages, with bounded concurrency and continue-as-new', async () => {
    const period = '2005-07';
    const accounts = await openAccounts(12, '2005-07-03T09:00:00Z', [4]);
    // One account per page: 12 pages, so the run continues as new once (after 10 pages).
    const handle = await runRun({ period, dunningScheduleMs: [3_600_000], pageSize: 1, concurrency: 3 });
    const progress = await handle.result();
    expect(progress).toEqual({
      period,
      total: 12,
      started: 12,
      alreadyBilled: 0,
      invoiced: 12,
      paid: 11,
      failed: 1,
      emailed: 12,
      uncollectible: 0,
      errors: 0,
      phase: 'completed',
    });
    const described = await handle.describe();
    expect(described.runId).not.toBe(handle.firstExecutionRunId);
    await replayAndRecord(handle, 'billing-run-continued');

    for (const account of accounts) {
      const events = await streamEvents(stack.infra, `subscription-invoice-${invoiceIdOf(account.accountId, period)}`);
      expect(events.filter((e) => e.type === 'CustomerInvoiced')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'InvoiceEmailed')).toHaveLength(1);
      expect(mailsTo(account)).toHaveLength(1);
    }
    // The declined account's invoice workflow is in dunning, on its own (abandoned by the run).
    const dunning = stack.temporal.workflow.getHandle(invoiceWorkflowId(accounts[4].accountId, period));
    expect((await dunning.describe()).status.name).toBe('RUNNING');
    await dunning.terminate('test over');
  });

  it('re-triggering a period bills nobody twice', async () => {
    const period = '2004-02';
    const accounts = await openAccounts(3, '2004-02-10T00:00:00Z');
    const first = await (await runRun({ period, dunningScheduleMs: [] })).result();
    expect(first).toMatchObject({ total: 3, started: 3, invoiced: 3, paid: 3, emailed: 3 });

    const again = await (await runRun({ period, dunningScheduleMs: [] })).result();
    expect(again).toMatchObject({ total: 3, started: 0, alreadyBilled: 3, invoiced: 0, paid: 0, emailed: 0 });
    for (const account of accounts) {
      const invoiced = await stack.infra.db.subscriptionInvoice.count({
        where: { accountId: account.accountId, period },
      });
      expect(invoiced).toBe(1);
      const events = await streamEvents(stack.infra, `subscription-invoice-${invoiceIdOf(account.accountId, period)}`);
      expect(events.filter((e) => e.type === 'InvoicePaid')).toHaveLength(1);
      expect(mailsTo(account)).toHaveLength(1);
    }
  });

  it('an invoice workflow that fails does not hold the run: it is counted as an error', async () => {
    const period = '2003-12';
    const [fine] = await openAccounts(1, '2003-12-01T00:00:00Z');
    const ownerless = await openBillingAccount(stack.infra, {
      openedAt: new Date('2003-12-02T00:00:00Z'),
      unknownOwner: true,
    });
    const progress = await (await runRun({ period, dunningScheduleMs: [] })).result();
    expect(progress).toMatchObject({ total: 2, started: 2, invoiced: 2, emailed: 1, errors: 1, phase: 'completed' });
    expect(mailsTo(fine)).toHaveLength(1);
    const failed = stack.temporal.workflow.getHandle(invoiceWorkflowId(ownerless.accountId, period));
    // The run may count the failure a moment before the server has closed the child: wait for its end.
    await expect(failed.result()).rejects.toThrow();
    expect((await failed.describe()).status.name).toBe('FAILED');
  });

  it('while the mail provider refuses, the run goes on and waits for its own emails; each arrives once after', async () => {
    const period = '2003-09';
    const accounts = await openAccounts(4, '2003-09-15T00:00:00Z');
    stack.sink.injectFailures({ status: 503, count: 1000 });
    const handle = await runRun({ period, dunningScheduleMs: [], concurrency: 2 });
    // Everything but the email gets done while the sink refuses: concurrency is not held by emails.
    const stuck = await eventually(async () => {
      const p = await handle.query(billingRunProgressQuery);
      return p.started === 4 && p.paid === 4 ? p : undefined;
    }, 90_000);
    expect(stuck).toMatchObject({ phase: 'finishing', emailed: 0 });
    expect(accounts.flatMap(mailsTo)).toHaveLength(0);

    // Children of an earlier run of this period (one that ended before they did) report to the same
    // workflow id meanwhile: the run counts none of it, so it does not end before its own emails.
    const strays: BillingMilestone[] = accounts.flatMap((_, i) => [
      { accountId: `stray-${i}`, milestone: 'invoiced', runChainId: 'an-earlier-run' },
      { accountId: `stray-${i}`, milestone: 'emailed', runChainId: 'an-earlier-run' },
    ]);
    for (const stray of strays) await handle.signal(billingMilestoneSignal, stray);
    await sleep(1_000);
    expect(await handle.query(billingRunProgressQuery)).toEqual(stuck);

    stack.sink.clearFaults();
    const progress = await handle.result();
    expect(progress).toMatchObject({ total: 4, started: 4, invoiced: 4, paid: 4, emailed: 4, phase: 'completed' });
    for (const account of accounts) {
      expect(mailsTo(account)).toHaveLength(1);
      const events = await streamEvents(stack.infra, `subscription-invoice-${invoiceIdOf(account.accountId, period)}`);
      expect(events.filter((e) => e.type === 'InvoiceEmailed')).toHaveLength(1);
    }
  }, 240_000);
});

describe('the monthly schedule', () => {
  it('is created idempotently and its trigger starts the run for the previous month', async () => {
    const scheduleId = `billing-monthly-test-${randomUUID()}`;
    expect(await ensureBillingSchedule(stack.temporal, stack.config, scheduleId)).toBe('created');
    expect(await ensureBillingSchedule(stack.temporal, stack.config, scheduleId)).toBe('updated');
    const schedule = stack.temporal.schedule.getHandle(scheduleId);
    try {
      const described = await schedule.describe();
      expect(described.policies).toMatchObject({ overlap: 'BUFFER_ONE', catchupWindow: 7 * 24 * 3600 * 1000 });
      expect(described.spec.calendars).toEqual([
        expect.objectContaining({ dayOfMonth: [{ start: 1, end: 1, step: 1 }], hour: [{ start: 2, end: 2, step: 1 }] }),
      ]);

      await schedule.trigger();
      const action = await eventually(async () => (await schedule.describe()).info.recentActions[0]);
      const scheduled = stack.temporal.workflow.getHandle<typeof scheduledBillingRunWorkflow>(
        action.action.workflow.workflowId,
      );
      const period = previousPeriod(periodOf(new Date()));
      expect((await scheduled.describe()).status.name).not.toBe('FAILED');
      // The run of the previous month, started by the scheduled workflow (its parent). It bills every
      // account of that month in the database, which other files may own: it is not waited for here.
      const run = stack.temporal.workflow.getHandle<typeof billingRunWorkflow>(billingRunWorkflowId(period));
      const progress = await eventually(async () => {
        try {
          return await run.query(billingRunProgressQuery);
        } catch {
          return undefined;
        }
      }, 30_000);
      expect(progress.period).toBe(period);
      expect((await run.describe()).parentExecution?.workflowId).toBe(action.action.workflow.workflowId);
      for (const handle of [scheduled, run]) {
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test over');
      }
    } finally {
      await schedule.delete();
    }
  }, 120_000);
});
