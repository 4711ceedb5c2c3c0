import { refuse } from '../shared/errors';
import type { PlanState } from './plan';
import type { PlanEvent, PlanTerms } from './plan-events';
import { checkPlanTerms } from './plan-terms';

// Deciders for plans: given the plan's state and a command, the events that follow (or a refusal).

const TERM_FIELDS: ReadonlyArray<keyof PlanTerms> = ['name', 'monthlyPrice', 'currency', 'userLimit', 'totalSeats'];

export function createPlan(
  state: PlanState,
  cmd: { planId: string; terms: PlanTerms; createdBy: string; now: Date },
): PlanEvent[] {
  if (state.created) return refuse('conflict', 'plan_exists', 'Plan already exists');
  const terms = checkPlanTerms(cmd.terms);
  return [
    {
      type: 'PlanCreated',
      data: { planId: cmd.planId, ...terms, createdBy: cmd.createdBy, createdAt: cmd.now.toISOString() },
    },
  ];
}

/** Records only the terms that really change; asking for what the plan already says is a no-op. */
export function updatePlan(
  state: PlanState,
  cmd: { changes: Partial<PlanTerms>; updatedBy: string; now: Date },
): PlanEvent[] {
  const { planId, terms } = requireActivePlan(state);
  const requested = checkPlanTerms(cmd.changes);
  const changes: Partial<PlanTerms> = {};
  for (const field of TERM_FIELDS) {
    const value = requested[field];
    if (value !== undefined && value !== terms[field]) Object.assign(changes, { [field]: value });
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    { type: 'PlanUpdated', data: { planId, changes, updatedBy: cmd.updatedBy, updatedAt: cmd.now.toISOString() } },
  ];
}

export function retirePlan(state: PlanState, cmd: { retiredBy: string; now: Date }): PlanEvent[] {
  const { planId } = requireActivePlan(state);
  return [{ type: 'PlanRetired', data: { planId, retiredBy: cmd.retiredBy, retiredAt: cmd.now.toISOString() } }];
}

function requireActivePlan(state: PlanState): { planId: string; terms: PlanTerms } {
  if (!state.created || !state.planId || !state.terms) return refuse('not_found', 'plan_not_found', 'Plan not found');
  if (state.retired) return refuse('conflict', 'plan_retired', 'Plan is retired and can no longer change');
  return { planId: state.planId, terms: state.terms };
}
