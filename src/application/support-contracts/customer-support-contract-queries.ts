import type { SupportContractTerms } from '../../domain/support-contracts/support-contract-events';
import type { Db } from '../../infra/db/prisma';
import { contractTermsOf } from './stored-contract-terms';
import { supportContractNotFound } from './support-contract-catalog-queries';

/** A contract customers can choose. */
export interface CustomerSupportContractView extends SupportContractTerms {
  id: string;
  code: string;
}

export interface CustomerSupportContractList {
  items: CustomerSupportContractView[];
  /** When the copy was last brought up to date with the catalog (null before the first sync). */
  syncedAt: string | null;
}

/**
 * What customers read: only the customer-side copy, never the catalog, so it answers whatever state
 * the catalog side is in.
 */
export class CustomerSupportContractQueries {
  constructor(private readonly db: Db) {}

  /** Active contracts, cheapest first, then by code. */
  async listActive(): Promise<CustomerSupportContractList> {
    const [rows, state] = await Promise.all([
      this.db.customerSupportContract.findMany({
        where: { status: 'active' },
        orderBy: [{ monthlyPriceAmount: 'asc' }, { code: 'asc' }],
      }),
      this.db.supportContractSyncState.findUnique({ where: { id: 1 }, select: { lastSyncedAt: true } }),
    ]);
    return { items: rows.map(contractTermsOf), syncedAt: state?.lastSyncedAt?.toISOString() ?? null };
  }

  /** An active contract; a retired or unknown one is not found. */
  async getActive(contractId: string): Promise<CustomerSupportContractView> {
    const row = await this.db.customerSupportContract.findUnique({ where: { id: contractId } });
    if (!row || row.status !== 'active') throw supportContractNotFound();
    return contractTermsOf(row);
  }
}
