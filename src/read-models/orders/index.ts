import type { Projection } from '../../infra/event-store/projection';
import { ordersProjection } from './orders.projection';

export const orderProjections: Projection[] = [ordersProjection];
