import type { Projection } from '../../infra/event-store/projection';
import { emailDeliveriesProjection } from './email-deliveries.projection';

export { emailDeliveriesProjection } from './email-deliveries.projection';

export const notificationProjections: Projection[] = [emailDeliveriesProjection];
