import type { Projection } from '../../infra/event-store/projection';
import { accountsProjection } from './accounts.projection';
import { plansProjection } from './plans.projection';

export const accountProjections: Projection[] = [plansProjection, accountsProjection];
