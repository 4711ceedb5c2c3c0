import { randomUUID } from 'node:crypto';
import { schedulePlanChange } from '../../domain/accounts/account-decisions';
import type { AccountCommands } from './account-commands';
import type { AccountQueries, ScheduledPlanChangeView } from './account-queries';
import type { PlanQueries } from './plan-queries';

/** Moves an account to another plan from its next billing period. */
export class AccountPlanChanges {
  constructor(
    private readonly accounts: AccountCommands,
    private readonly plans: PlanQueries,
    private readonly queries: AccountQueries,
  ) {}

  async schedule(accountId: string, planId: string, actorId: string): Promise<ScheduledPlanChangeView> {
    const pkg = await this.plans.packageOf(planId);
    await this.accounts.execute(
      accountId,
      (state) => schedulePlanChange(state, { package: pkg, scheduledBy: actorId, now: new Date() }),
      { operationId: `schedule-plan-change:${randomUUID()}`, metadata: { actor: actorId } },
    );
    const { scheduledPlanChange } = await this.queries.get(accountId);
    return scheduledPlanChange!;
  }
}
