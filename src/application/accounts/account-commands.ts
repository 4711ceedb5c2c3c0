import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveAccount, initialAccountState, type AccountState } from '../../domain/accounts/account';
import { ACCOUNT_STREAM_TYPE, accountStreamId, type AccountEvent } from '../../domain/accounts/account-events';

export const accountAggregate: AggregateType<AccountState, AccountEvent> = {
  streamType: ACCOUNT_STREAM_TYPE,
  streamId: accountStreamId,
  initialState: initialAccountState,
  evolve: evolveAccount,
};

/** Commands on account streams. */
export class AccountCommands extends AggregateCommands<AccountState, AccountEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, accountAggregate);
  }
}
