import type { SupportContractTerms } from '../../domain/support-contracts/support-contract-events';

/** The columns both sides store a contract's terms in (the catalog and the customer-side copy). */
export interface StoredContractTerms {
  id: string;
  code: string;
  name: string;
  description: string;
  monthlyPriceAmount: bigint;
  monthlyPriceCurrency: string;
  responseTimeHours: number;
}

/** A stored row's id, code and terms, as the views show them. */
export const contractTermsOf = (row: StoredContractTerms): { id: string; code: string } & SupportContractTerms => ({
  id: row.id,
  code: row.code,
  name: row.name,
  description: row.description,
  monthlyPrice: { amount: Number(row.monthlyPriceAmount), currency: row.monthlyPriceCurrency },
  responseTimeHours: row.responseTimeHours,
});
