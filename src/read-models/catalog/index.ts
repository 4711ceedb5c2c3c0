import type { Projection } from '../../infra/event-store/projection';
import { concertsProjection } from './concerts.projection';
import { ticketStockProjection } from './ticket-stock.projection';

// Stock after concerts: a level's row exists before any order moves its counts.
export const catalogProjections: Projection[] = [concertsProjection, ticketStockProjection];
