import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import {
  evolveSupportTicket,
  initialSupportTicketState,
  type SupportTicketState,
} from '../../domain/support-tickets/support-ticket';
import {
  SUPPORT_TICKET_STREAM_TYPE,
  supportTicketStreamId,
  type SupportTicketEvent,
} from '../../domain/support-tickets/support-ticket-events';

export const supportTicketAggregate: AggregateType<SupportTicketState, SupportTicketEvent> = {
  streamType: SUPPORT_TICKET_STREAM_TYPE,
  streamId: supportTicketStreamId,
  initialState: initialSupportTicketState,
  evolve: evolveSupportTicket,
};

/** Commands on support-ticket streams (run by the support-ticket workflow's activities). */
export class SupportTicketCommands extends AggregateCommands<SupportTicketState, SupportTicketEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, supportTicketAggregate);
  }
}
