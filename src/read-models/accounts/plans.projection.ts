import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import type { Tx } from '../../infra/db/prisma';
import type { PlanEvent } from '../../domain/accounts/plan-events';

/** `plans`: every plan with its current terms and whether it is still offered. */
export const plansProjection: Projection = {
  name: 'plans',
  tables: ['plans'],
  handles: ['PlanCreated', 'PlanUpdated', 'PlanRetired'],
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as PlanEvent;
    switch (event.type) {
      case 'PlanCreated': {
        const { planId, name, monthlyPrice, currency, userLimit, totalSeats, createdAt } = event.data;
        await tx.plan.create({
          data: {
            id: planId,
            name,
            monthlyPrice,
            currency,
            userLimit,
            totalSeats,
            status: 'active',
            createdAt: new Date(createdAt),
            updatedAt: new Date(createdAt),
          },
        });
        return;
      }
      case 'PlanUpdated':
        await tx.plan.update({
          where: { id: event.data.planId },
          data: { ...event.data.changes, updatedAt: new Date(event.data.updatedAt) },
        });
        return;
      case 'PlanRetired': {
        const at = new Date(event.data.retiredAt);
        await tx.plan.update({
          where: { id: event.data.planId },
          data: { status: 'retired', retiredAt: at, updatedAt: at },
        });
        return;
      }
    }
  },
};
