import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolvePlan, initialPlanState, type PlanState } from '../../domain/accounts/plan';
import { PLAN_STREAM_TYPE, planStreamId, type PlanEvent } from '../../domain/accounts/plan-events';

export const planAggregate: AggregateType<PlanState, PlanEvent> = {
  streamType: PLAN_STREAM_TYPE,
  streamId: planStreamId,
  initialState: initialPlanState,
  evolve: evolvePlan,
};

/** Commands on plan streams. */
export class PlanCommands extends AggregateCommands<PlanState, PlanEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, planAggregate);
  }
}
