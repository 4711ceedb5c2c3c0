import type { SupportContractEvent, SupportContractTerms } from './support-contract-events';

export interface SupportContractState {
  created: boolean;
  contractId?: string;
  code?: string;
  terms?: SupportContractTerms;
  retired: boolean;
}

export const initialSupportContractState = (): SupportContractState => ({ created: false, retired: false });

export function evolveSupportContract(state: SupportContractState, event: SupportContractEvent): SupportContractState {
  switch (event.type) {
    case 'SupportContractCreated': {
      const { contractId, code, name, description, monthlyPrice, responseTimeHours } = event.data;
      return {
        ...state,
        created: true,
        contractId,
        code,
        terms: { name, description, monthlyPrice, responseTimeHours },
      };
    }
    case 'SupportContractRevised':
      return state.terms ? { ...state, terms: { ...state.terms, ...event.data.changes } } : state;
    case 'SupportContractRetired':
      return { ...state, retired: true };
  }
}
