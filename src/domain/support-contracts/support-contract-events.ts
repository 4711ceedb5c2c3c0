import type { Money } from '../shared/money';

// Facts about one support contract of the catalog customers choose from (DOMAIN §12). The catalog is
// the admins' side; customers read a copy that a periodic sync keeps current.

/** What a contract offers; its code is its identity and never changes. */
export interface SupportContractTerms {
  name: string;
  description: string;
  /** Integer minor units of an ISO-4217 currency. */
  monthlyPrice: Money;
  /** How soon support answers, in whole hours. */
  responseTimeHours: number;
}

export type SupportContractCreated = {
  type: 'SupportContractCreated';
  data: SupportContractTerms & { contractId: string; code: string; createdBy: string; createdAt: string };
};
export type SupportContractRevised = {
  type: 'SupportContractRevised';
  /** Only the terms that changed, with their new values. */
  data: { contractId: string; changes: Partial<SupportContractTerms>; revisedBy: string; revisedAt: string };
};
export type SupportContractRetired = {
  type: 'SupportContractRetired';
  data: { contractId: string; retiredBy: string; retiredAt: string };
};

export type SupportContractEvent = SupportContractCreated | SupportContractRevised | SupportContractRetired;

export const SUPPORT_CONTRACT_EVENT_TYPES: ReadonlyArray<SupportContractEvent['type']> = [
  'SupportContractCreated',
  'SupportContractRevised',
  'SupportContractRetired',
];

export const SUPPORT_CONTRACT_STREAM_TYPE = 'support-contract';
export const supportContractStreamId = (contractId: string): string => `support-contract-${contractId}`;
