import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../../config/config';
import { comparePeriods, isPeriod, periodOf } from '../../domain/billing/period';
import { DomainError } from '../../domain/shared/errors';
import type { billingRunWorkflow } from '../../workflows/billing-run.workflow';
import {
  billingRunProgressQuery,
  billingRunWorkflowId,
  type BillingRunProgress,
} from '../../workflows/billing.contract';

export interface StartedBillingRun {
  period: string;
  workflowId: string;
}

/** The run's counts, with its workflow's execution status (RUNNING, COMPLETED, TERMINATED…). */
export type BillingRunView = (BillingRunProgress | { period: string }) & { workflowId: string; status: string };

const notFound = (period: string) =>
  new DomainError('not_found', 'billing_run_not_found', `No billing run for ${period} has been started`);

/**
 * Admins start and watch billing runs. The run's id is its period, so starting one while it runs
 * answers the same run, and starting a finished period again bills only accounts not billed yet
 * (each invoice workflow's id is account + period).
 */
export class BillingRuns {
  constructor(
    private readonly temporal: Client,
    private readonly config: Pick<Config, 'temporal' | 'billing'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(period: string): Promise<StartedBillingRun> {
    if (!isPeriod(period)) {
      throw new DomainError('invalid', 'invalid_period', `"${period}" is not a month written YYYY-MM`);
    }
    if (comparePeriods(period, periodOf(this.clock())) > 0) {
      throw new DomainError('invalid', 'period_in_future', `${period} has not begun: it cannot be billed yet`);
    }
    const workflowId = billingRunWorkflowId(period);
    await this.temporal.workflow.start<typeof billingRunWorkflow>('billingRunWorkflow', {
      workflowId,
      taskQueue: this.config.temporal.taskQueue,
      args: [{ period, dunningScheduleMs: this.config.billing.dunningScheduleMs }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    });
    return { period, workflowId };
  }

  /** The run's counts, from the workflow itself (the latest run of the period). */
  async progress(period: string): Promise<BillingRunView> {
    const workflowId = billingRunWorkflowId(period);
    const handle = this.temporal.workflow.getHandle<typeof billingRunWorkflow>(workflowId);
    let status: string;
    try {
      status = (await handle.describe()).status.name;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw notFound(period);
      throw err;
    }
    if (status === 'COMPLETED') return { ...(await handle.result()), workflowId, status };
    if (status === 'RUNNING') return { ...(await handle.query(billingRunProgressQuery)), workflowId, status };
    // Terminated, failed, cancelled: its last counts if a worker can replay it, else only how it ended.
    const last = await handle.query(billingRunProgressQuery).catch(() => undefined);
    return { ...(last ?? { period }), workflowId, status };
  }
}
