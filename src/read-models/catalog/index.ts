import type { Projection } from '../../infra/event-store/projection';
import { concertsProjection } from './concerts.projection';

export const catalogProjections: Projection[] = [concertsProjection];
