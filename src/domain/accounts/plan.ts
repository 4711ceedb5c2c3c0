import type { PlanEvent, PlanTerms } from './plan-events';

export interface PlanState {
  created: boolean;
  planId?: string;
  terms?: PlanTerms;
  retired: boolean;
}

export const initialPlanState = (): PlanState => ({ created: false, retired: false });

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanCreated': {
      const { planId, name, monthlyPrice, currency, userLimit, totalSeats } = event.data;
      return { ...state, created: true, planId, terms: { name, monthlyPrice, currency, userLimit, totalSeats } };
    }
    case 'PlanUpdated':
      return state.terms ? { ...state, terms: { ...state.terms, ...event.data.changes } } : state;
    case 'PlanRetired':
      return { ...state, retired: true };
  }
}
