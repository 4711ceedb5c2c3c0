import type { Projection } from '../../infra/event-store/projection';
import { ticketScansProjection } from './ticket-scans.projection';
import { ticketsProjection } from './tickets.projection';

export const ticketProjections: Projection[] = [ticketsProjection, ticketScansProjection];
