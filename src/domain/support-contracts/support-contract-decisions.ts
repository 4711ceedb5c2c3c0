import { refuse } from '../shared/errors';
import type { SupportContractState } from './support-contract';
import type { SupportContractEvent, SupportContractTerms } from './support-contract-events';
import { checkSupportContractCode, checkSupportContractTerms } from './support-contract-terms';

// Deciders for support contracts: given the contract's state and a command, the events that follow.

const TERM_FIELDS: ReadonlyArray<keyof SupportContractTerms> = [
  'name',
  'description',
  'monthlyPrice',
  'responseTimeHours',
];

const sameTerm = <K extends keyof SupportContractTerms>(
  field: K,
  a: SupportContractTerms[K],
  b: SupportContractTerms[K],
): boolean => {
  if (field !== 'monthlyPrice') return a === b;
  const [x, y] = [a as SupportContractTerms['monthlyPrice'], b as SupportContractTerms['monthlyPrice']];
  return x.amount === y.amount && x.currency === y.currency;
};

/** The contract's id derives from its code, so a second contract with a code in use finds the first one. */
export function createSupportContract(
  state: SupportContractState,
  cmd: { contractId: string; code: string; terms: SupportContractTerms; createdBy: string; now: Date },
): SupportContractEvent[] {
  const code = checkSupportContractCode(cmd.code);
  if (state.created) {
    return refuse('conflict', 'support_contract_exists', `A support contract with code ${code} exists already`);
  }
  const terms = checkSupportContractTerms(cmd.terms);
  return [
    {
      type: 'SupportContractCreated',
      data: {
        contractId: cmd.contractId,
        code,
        name: terms.name,
        description: terms.description,
        monthlyPrice: terms.monthlyPrice,
        responseTimeHours: terms.responseTimeHours,
        createdBy: cmd.createdBy,
        createdAt: cmd.now.toISOString(),
      },
    },
  ];
}

/** Records only the terms that really change; asking for what the contract already says is a no-op. */
export function reviseSupportContract(
  state: SupportContractState,
  cmd: { changes: Partial<SupportContractTerms>; revisedBy: string; now: Date },
): SupportContractEvent[] {
  const { contractId, terms } = requireActiveContract(state);
  const requested = checkSupportContractTerms(cmd.changes);
  const changes: Partial<SupportContractTerms> = {};
  for (const field of TERM_FIELDS) {
    const value = requested[field];
    if (value !== undefined && !sameTerm(field, value, terms[field])) Object.assign(changes, { [field]: value });
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'SupportContractRevised',
      data: { contractId, changes, revisedBy: cmd.revisedBy, revisedAt: cmd.now.toISOString() },
    },
  ];
}

export function retireSupportContract(
  state: SupportContractState,
  cmd: { retiredBy: string; now: Date },
): SupportContractEvent[] {
  const { contractId } = requireActiveContract(state);
  return [
    {
      type: 'SupportContractRetired',
      data: { contractId, retiredBy: cmd.retiredBy, retiredAt: cmd.now.toISOString() },
    },
  ];
}

function requireActiveContract(state: SupportContractState): { contractId: string; terms: SupportContractTerms } {
  if (!state.created || !state.contractId || !state.terms) {
    return refuse('not_found', 'support_contract_not_found', 'Support contract not found');
  }
  if (state.retired) {
    return refuse('conflict', 'support_contract_retired', 'The support contract is retired and can no longer change');
  }
  return { contractId: state.contractId, terms: state.terms };
}
