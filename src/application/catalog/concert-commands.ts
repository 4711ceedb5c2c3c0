import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveConcert, initialConcertState, type ConcertState } from '../../domain/catalog/concert';
import { CONCERT_STREAM_TYPE, concertStreamId, type ConcertEvent } from '../../domain/catalog/concert-events';

export const concertAggregate: AggregateType<ConcertState, ConcertEvent> = {
  streamType: CONCERT_STREAM_TYPE,
  streamId: concertStreamId,
  initialState: initialConcertState,
  evolve: evolveConcert,
};

/** Commands on concert streams. */
export class ConcertCommands extends AggregateCommands<ConcertState, ConcertEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, concertAggregate);
  }
}
