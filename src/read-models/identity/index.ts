import type { Projection } from '../../infra/event-store/projection';
import { passwordResetsProjection } from './password-resets.projection';
import { usersProjection } from './users.projection';

export const identityProjections: Projection[] = [usersProjection, passwordResetsProjection];
