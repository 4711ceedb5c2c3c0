import type { Client, ScheduleOptions } from '@temporalio/client';
import type { Config } from '../../config/config';
import { ensureSchedule } from './ensure-schedule';
import type { scheduledBillingRunWorkflow } from '../../workflows/billing-run.workflow';
import { BILLING_SCHEDULE_ID } from '../../workflows/billing.contract';

type BillingScheduleConfig = Pick<Config, 'temporal'> & { billing: { dunningScheduleMs: number[] } };

/**
 * The monthly billing schedule: on the 1st at 02:00 UTC it starts the run for the previous month.
 * - Overlap BUFFER_ONE: two runs never run at once; a run still going on the next 1st delays the next
 *   month's run instead of skipping it (SKIP would leave that month unbilled).
 * - Catch-up window 7 days: a Temporal outage over the 1st still bills the month once the server is back.
 * The scheduled workflow works out the period from its scheduled time, so a late start bills the right month.
 */
export function billingScheduleOptions(
  config: BillingScheduleConfig,
  scheduleId = BILLING_SCHEDULE_ID,
): ScheduleOptions {
  return {
    scheduleId,
    spec: {
      calendars: [{ comment: '1st of the month, 02:00 UTC', dayOfMonth: 1, hour: 2, minute: 0, second: 0 }],
      timezone: 'UTC',
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'scheduledBillingRunWorkflow',
      workflowId: `${scheduleId}-run`,
      taskQueue: config.temporal.taskQueue,
      // The dunning schedule as configured when the worker last started (workflows cannot read config).
      args: [{ dunningScheduleMs: config.billing.dunningScheduleMs }] satisfies Parameters<
        typeof scheduledBillingRunWorkflow
      >,
    },
    policies: { overlap: 'BUFFER_ONE', catchupWindow: '7 days', pauseOnFailure: false },
  };
}

/**
 * Creates the schedule, or brings an existing one up to date (task queue, dunning schedule, policies):
 * safe to call on every worker start.
 */
export async function ensureBillingSchedule(
  client: Client,
  config: BillingScheduleConfig,
  scheduleId = BILLING_SCHEDULE_ID,
): Promise<'created' | 'updated'> {
  return ensureSchedule(client, billingScheduleOptions(config, scheduleId));
}
