import type { Projection } from '../infra/event-store/projection';
import { accountProjections } from './accounts';
import { cartProjections } from './carts';
import { catalogProjections } from './catalog';
import { identityProjections } from './identity';
import { notificationProjections } from './notifications';

/** Every read model kept in step with the events; the rebuild replays exactly these. */
export const allProjections: Projection[] = [
  ...identityProjections,
  ...notificationProjections,
  ...accountProjections,
  ...catalogProjections,
  ...cartProjections,
];
