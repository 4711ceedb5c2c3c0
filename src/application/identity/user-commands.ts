import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveUser, initialUserState, type UserState } from '../../domain/identity/user';
import { USER_STREAM_TYPE, userStreamId, type UserEvent } from '../../domain/identity/user-events';

export const userAggregate: AggregateType<UserState, UserEvent> = {
  streamType: USER_STREAM_TYPE,
  streamId: userStreamId,
  initialState: initialUserState,
  evolve: evolveUser,
};

/** Commands on user streams. */
export class UserCommands extends AggregateCommands<UserState, UserEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, userAggregate);
  }
}
