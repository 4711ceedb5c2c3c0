import type { Projection } from '../../infra/event-store/projection';
import { supportTicketsProjection } from './support-tickets.projection';

export const supportTicketProjections: Projection[] = [supportTicketsProjection];
