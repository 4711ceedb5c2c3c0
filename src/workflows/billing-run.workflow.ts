import {
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/common';
import {
  billingMilestoneSignal,
  billingRunProgressQuery,
  billingRunWorkflowId,
  invoiceWorkflowId,
  periodOf,
  previousPeriod,
  type BillingActivities,
  type BillingMilestone,
  type BillingRunInput,
  type BillingRunProgress,
  type ScheduledBillingInput,
  type ScheduledBillingOutcome,
} from './billing.contract';
import { allReported, countMilestone, type BillingRunTally } from './billing-run-tally';
import { invoiceAccountWorkflow } from './invoice-account.workflow';

const db = proxyActivities<BillingActivities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

const DEFAULT_CONCURRENCY = 50;
const DEFAULT_PAGE_SIZE = 100;
/** Pages per run before continue-as-new (unless the server suggests it earlier): ≈ 1,000 children. */
const PAGES_PER_RUN = 10;

/**
 * A billing run for one period: pages through the billable accounts and starts one invoice workflow
 * per account (`invoice-<accountId>-<period>`, never started twice: an account whose invoice workflow
 * exists or existed counts as billed), at most `concurrency` of them before their first charge outcome
 * is known. Children report milestones by signal to `billing-run-<period>`, an id that outlives
 * continue-as-new; the `progress` query answers the counts.
 *
 * The run completes when every invoice it started was emailed (or failed) and its charge outcome counted:
 * that is when the month's invoices are out. Dunning goes on in the invoice workflows (they are abandoned,
 * not owned); their later outcomes reach the run only while it is still open.
 */
export async function billingRunWorkflow(input: BillingRunInput): Promise<BillingRunProgress> {
  const { period } = input;
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const progress: BillingRunProgress = input.carried?.progress ?? {
    period,
    total: 0,
    started: 0,
    alreadyBilled: 0,
    invoiced: 0,
    paid: 0,
    failed: 0,
    emailed: 0,
    uncollectible: 0,
    errors: 0,
    phase: 'starting',
  };
  let cursor = input.carried?.cursor ?? null;
  let exhausted = input.carried?.exhausted ?? false;
  const tally: BillingRunTally = {
    runChainId: workflowInfo().firstExecutionRunId,
    progress,
    inFlight: new Set(input.carried?.inFlight ?? []),
    uninvoicedErrors: input.carried?.uninvoicedErrors ?? 0,
  };
  const { inFlight } = tally;
  /** Children this run started whose start is not confirmed yet; continue-as-new waits for them. */
  const starting = new Set<Promise<void>>();

  setHandler(billingRunProgressQuery, () => progress);
  setHandler(billingMilestoneSignal, (m: BillingMilestone) => countMilestone(tally, m));

  const startInvoice = (accountId: string) => {
    inFlight.add(accountId);
    progress.started += 1;
    const started = startChild(invoiceAccountWorkflow, {
      workflowId: invoiceWorkflowId(accountId, period),
      args: [
        {
          accountId,
          period,
          dunningScheduleMs: input.dunningScheduleMs,
          runWorkflowId: workflowInfo().workflowId,
          runChainId: tally.runChainId,
        },
      ],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      // Dunning outlives the run (and each continue-as-new): the children are on their own.
      parentClosePolicy: 'ABANDON',
    }).then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        // Billed by an earlier run of this period: done, and never billed twice.
        inFlight.delete(accountId);
        progress.started -= 1;
        progress.alreadyBilled += 1;
      },
    );
    const tracked = started.finally(() => starting.delete(tracked));
    starting.add(tracked);
  };

  let pages = 0;
  while (!exhausted) {
    const page = await db.billableAccounts({ period, after: cursor ?? undefined, limit: pageSize });
    progress.total += page.length;
    for (const accountId of page) {
      await condition(() => inFlight.size < concurrency);
      startInvoice(accountId);
      cursor = accountId;
    }
    exhausted = page.length < pageSize;
    pages += 1;
    if (!exhausted && (pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested)) {
      await Promise.all(starting);
      await condition(allHandlersFinished);
      await continueAsNew<typeof billingRunWorkflow>({
        ...input,
        carried: { cursor, exhausted, progress, inFlight: [...inFlight], uninvoicedErrors: tally.uninvoicedErrors },
      });
    }
  }
  await Promise.all(starting);
  progress.phase = 'finishing';
  await condition(() => allReported(tally));
  progress.phase = 'completed';
  await condition(allHandlersFinished);
  return progress;
}

const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * What the monthly schedule starts: the run for the month before its scheduled time (so a catch-up
 * after an outage still bills the right month), as a child that it waits for — the schedule's overlap
 * policy then keeps two runs from ever running at once. A run of that period already running is left
 * alone; one that finished is run again, which bills only accounts not billed yet.
 */
export async function scheduledBillingRunWorkflow(input: ScheduledBillingInput): Promise<ScheduledBillingOutcome> {
  const info = workflowInfo();
  const scheduledAt = info.typedSearchAttributes.get(SCHEDULED_START_TIME) ?? info.runStartTime;
  const period = previousPeriod(periodOf(scheduledAt));
  try {
    const progress = await executeChild(billingRunWorkflow, {
      workflowId: billingRunWorkflowId(period),
      args: [{ period, dunningScheduleMs: input.dunningScheduleMs }],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      parentClosePolicy: 'ABANDON',
    });
    return { period, started: true, progress };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { period, started: false };
    throw err;
  }
}
