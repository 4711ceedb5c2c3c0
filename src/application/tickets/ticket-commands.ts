import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import { evolveTicket, initialTicketState, type TicketState } from '../../domain/tickets/ticket';
import { TICKET_STREAM_TYPE, ticketStreamId, type TicketEvent } from '../../domain/tickets/ticket-events';

export const ticketAggregate: AggregateType<TicketState, TicketEvent> = {
  streamType: TICKET_STREAM_TYPE,
  streamId: ticketStreamId,
  initialState: initialTicketState,
  evolve: evolveTicket,
};

/** Commands on ticket streams. */
export class TicketCommands extends AggregateCommands<TicketState, TicketEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, ticketAggregate);
  }
}
