import type { Projection } from '../infra/event-store/projection';
import { accountProjections } from './accounts';
import { billingProjections } from './billing';
import { cartProjections } from './carts';
import { catalogProjections } from './catalog';
import { financeProjections } from './finance';
import { identityProjections } from './identity';
import { notificationProjections } from './notifications';
import { orderProjections } from './orders';
import { supportContractProjections } from './support-contracts';
import { supportTicketProjections } from './support-tickets';
import { ticketProjections } from './tickets';

/** Every read model kept in step with the events; the rebuild replays exactly these. */
export const allProjections: Projection[] = [
  ...identityProjections,
  ...notificationProjections,
  ...accountProjections,
  ...catalogProjections,
  ...cartProjections,
  ...orderProjections,
  ...financeProjections,
  ...ticketProjections,
  ...billingProjections,
  ...supportTicketProjections,
  ...supportContractProjections,
];
