import { randomUUID } from 'node:crypto';
import { createPlan, retirePlan, updatePlan } from '../../domain/accounts/plan-decisions';
import type { PlanTerms } from '../../domain/accounts/plan-events';
import type { PlanCommands } from './plan-commands';
import type { PlanQueries, PlanView } from './plan-queries';

/** Admins create, change and retire plans; each answer is the plan as the read model now shows it. */
export class PlanAdministration {
  constructor(
    private readonly plans: PlanCommands,
    private readonly queries: PlanQueries,
  ) {}

  async create(terms: PlanTerms, adminId: string): Promise<PlanView> {
    const planId = randomUUID();
    await this.plans.execute(
      planId,
      (state) => createPlan(state, { planId, terms, createdBy: adminId, now: new Date() }),
      {
        operationId: `create-plan:${planId}`,
        metadata: { actor: adminId },
      },
    );
    return this.queries.get(planId);
  }

  async update(planId: string, changes: Partial<PlanTerms>, adminId: string): Promise<PlanView> {
    await this.plans.execute(planId, (state) => updatePlan(state, { changes, updatedBy: adminId, now: new Date() }), {
      operationId: `update-plan:${randomUUID()}`,
      metadata: { actor: adminId },
    });
    return this.queries.get(planId);
  }

  async retire(planId: string, adminId: string): Promise<PlanView> {
    await this.plans.execute(planId, (state) => retirePlan(state, { retiredBy: adminId, now: new Date() }), {
      operationId: `retire-plan:${planId}`,
      metadata: { actor: adminId },
    });
    return this.queries.get(planId);
  }
}
