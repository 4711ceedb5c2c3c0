import type { Client } from '@temporalio/client';
import { SUPPORT_CONTRACT_SYNC_SCHEDULE_ID } from '../../workflows/support-contract-sync.contract';

export interface TriggeredSync {
  scheduleId: string;
  requestedAt: string;
}

/** Admins ask for a sync now instead of waiting for the next tick of the schedule. */
export class SupportContractSyncTrigger {
  constructor(
    private readonly temporal: Client,
    private readonly scheduleId = SUPPORT_CONTRACT_SYNC_SCHEDULE_ID,
  ) {}

  /**
   * BUFFER_ONE, not the schedule's SKIP: a sync already running may have read the catalog before the
   * change the admin wants copied, so this one runs after it rather than being dropped.
   * Throws ScheduleNotFoundError when the worker has not created the schedule yet.
   */
  async trigger(): Promise<TriggeredSync> {
    await this.temporal.schedule.getHandle(this.scheduleId).trigger('BUFFER_ONE');
    return { scheduleId: this.scheduleId, requestedAt: new Date().toISOString() };
  }
}
