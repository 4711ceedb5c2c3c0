import type { Projection } from '../../infra/event-store/projection';
import { supportContractCatalogProjection } from './support-contract-catalog.projection';

// Only the catalog side: the customer-side copy is written by the periodic sync, never by projections.
export const supportContractProjections: Projection[] = [supportContractCatalogProjection];
