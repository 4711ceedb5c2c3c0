import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import {
  evolveSupportContract,
  initialSupportContractState,
  type SupportContractState,
} from '../../domain/support-contracts/support-contract';
import {
  SUPPORT_CONTRACT_STREAM_TYPE,
  supportContractStreamId,
  type SupportContractEvent,
} from '../../domain/support-contracts/support-contract-events';

/** A contract's id is named after its code: one code, one contract, whoever creates it first. */
export const supportContractIdOf = (code: string): string => deterministicId('support-contract', code);

export const supportContractAggregate: AggregateType<SupportContractState, SupportContractEvent> = {
  streamType: SUPPORT_CONTRACT_STREAM_TYPE,
  streamId: supportContractStreamId,
  initialState: initialSupportContractState,
  evolve: evolveSupportContract,
};

/** Commands on support-contract streams. */
export class SupportContractCommands extends AggregateCommands<SupportContractState, SupportContractEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, supportContractAggregate);
  }
}
