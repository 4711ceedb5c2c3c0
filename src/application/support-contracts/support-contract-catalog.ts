import type { SupportContractTerms } from '../../domain/support-contracts/support-contract-events';
import type { AllCheckpoint } from '../../infra/event-store/types';

/** A contract as the catalog side holds it now, with where its last change stands in commit order. */
export interface CatalogSupportContract extends SupportContractTerms {
  id: string;
  code: string;
  status: 'active' | 'retired';
  version: number;
  /** The checkpoint of the event that last changed the contract. */
  changedAt: AllCheckpoint;
}

/**
 * The catalog side as the customer side's sync sees it: a port, so the customer side depends on what it
 * asks for and not on where the catalog lives.
 */
export interface SupportContractCatalog {
  /**
   * Contracts changed after `cursor`, in (transaction id, position) order, at most `limit`; only changes
   * safe to read (see EventStore.readAll), so a cursor at the last one returned never skips a change.
   * Fails fast with SupportContractCatalogUnavailable when the catalog cannot answer.
   */
  changedAfter(cursor: AllCheckpoint, limit: number): Promise<CatalogSupportContract[]>;
}

/** The catalog side did not answer (in time): the sync fails and the next one catches up. */
export class SupportContractCatalogUnavailable extends Error {
  constructor(cause: unknown) {
    super(`The support-contract catalog is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'SupportContractCatalogUnavailable';
  }
}
