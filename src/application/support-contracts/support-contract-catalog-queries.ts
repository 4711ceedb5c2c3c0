import type { SupportContractTerms } from '../../domain/support-contracts/support-contract-events';
import type { Db } from '../../infra/db/prisma';
import { DomainError } from '../../domain/shared/errors';
import { contractTermsOf } from './stored-contract-terms';

/** A contract as admins see it on the catalog side, retired ones included. */
export interface SupportContractCatalogView extends SupportContractTerms {
  id: string;
  code: string;
  status: 'active' | 'retired';
  /** Catalog stream version: the customer-side copy shows which version it holds. */
  version: number;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

type CatalogRow = NonNullable<Awaited<ReturnType<Db['supportContractCatalog']['findUnique']>>>;

export const supportContractNotFound = (): DomainError =>
  new DomainError('not_found', 'support_contract_not_found', 'Support contract not found');

/** The catalog side's read model (`support_contract_catalog`), for admins. */
export class SupportContractCatalogQueries {
  constructor(private readonly db: Db) {}

  /** Every contract, retired ones too, by code. */
  async list(): Promise<SupportContractCatalogView[]> {
    const rows = await this.db.supportContractCatalog.findMany({ orderBy: { code: 'asc' } });
    return rows.map(toCatalogView);
  }

  async get(contractId: string): Promise<SupportContractCatalogView> {
    const row = await this.db.supportContractCatalog.findUnique({ where: { id: contractId } });
    if (!row) throw supportContractNotFound();
    return toCatalogView(row);
  }
}

const toCatalogView = (row: CatalogRow): SupportContractCatalogView => ({
  ...contractTermsOf(row),
  status: row.status as SupportContractCatalogView['status'],
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  retiredAt: row.retiredAt?.toISOString() ?? null,
});
