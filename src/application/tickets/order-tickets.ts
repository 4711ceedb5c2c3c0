import { ConcurrencyError } from '../../infra/event-store/errors';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import type { EventMetadata, StreamAppend } from '../../infra/event-store/types';
import { issueOrderTickets, voidTicket } from '../../domain/tickets/ticket-decisions';
import { TICKET_STREAM_TYPE, ticketStreamId, type VoidReason } from '../../domain/tickets/ticket-events';
import { orderTicketId, orderTicketIds, placedOrder } from './placed-order';
import type { TicketCommands } from './ticket-commands';

// Voids race only with door scans of the same tickets; a few rounds always get through.
const VOID_ATTEMPTS = 8;

/** The tickets of an order as a whole: issued together, voided together, each in one transaction. */
export class OrderTickets {
  constructor(
    private readonly eventStore: EventStore,
    private readonly tickets: TicketCommands,
  ) {}

  /**
   * One ticket per admission, all in one transaction. Ids and event ids derive from the order, so a
   * retry appends nothing and answers the same ids.
   */
  async issue(orderId: string, metadata: EventMetadata = {}): Promise<string[]> {
    const order = await placedOrder(this.eventStore, orderId);
    const issued = issueOrderTickets(order, {
      ticketIdOf: (lineIndex, n) => orderTicketId(orderId, lineIndex, n),
      now: new Date(),
    });
    await this.eventStore.append(
      issued.map((event): StreamAppend => ({
        streamId: ticketStreamId(event.data.ticketId),
        streamType: TICKET_STREAM_TYPE,
        expectedVersion: 0,
        events: [{ ...event, eventId: deterministicId('ticket-issued', event.data.ticketId), metadata }],
      })),
    );
    return issued.map((e) => e.data.ticketId);
  }

  /** Voids every ticket of the order not voided yet, in one transaction; tickets never issued are skipped. */
  async void(orderId: string, reason: VoidReason, metadata: EventMetadata = {}): Promise<string[]> {
    const order = await placedOrder(this.eventStore, orderId);
    const ids = orderTicketIds(order);
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const loaded = await Promise.all(ids.map(async (id) => ({ id, ...(await this.tickets.load(id)) })));
      const appends: StreamAppend[] = loaded
        .filter(({ state }) => state.issued)
        .map(({ id, state, version }) => ({ id, version, events: voidTicket(state, { reason, now }) }))
        .filter(({ events }) => events.length > 0)
        .map(({ id, version, events }) => ({
          streamId: ticketStreamId(id),
          streamType: TICKET_STREAM_TYPE,
          expectedVersion: version,
          events: events.map((e) => ({ ...e, eventId: deterministicId('ticket-voided', reason, id), metadata })),
        }));
      if (appends.length === 0) return [];
      try {
        await this.eventStore.append(appends);
        return appends.map((a) => a.streamId.slice(`${TICKET_STREAM_TYPE}-`.length));
      } catch (err) {
        // A door scan (or a concurrent void) moved a ticket on: decide again on what it is now.
        if (!(err instanceof ConcurrencyError) || attempt >= VOID_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }
}
