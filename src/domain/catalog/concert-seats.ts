import { evolveAccount, type AccountState } from '../accounts/account';
import type { AccountEvent } from '../accounts/account-events';
import { allocateConcertSeats, releaseConcertSeats } from '../accounts/seat-budget';
import type { ConcertEvent } from './concert-events';
import { totalCapacity } from './ticket-level';

/**
 * What a concert's new events ask of its account's seat budget: scheduling and level changes
 * allocate the concert's whole capacity, a new start records it with the allocation (seats count
 * until the concert starts), cancelling releases it. Appended with the concert's events in one
 * transaction, so the budget and the concerts never disagree.
 */
export function decideConcertSeats(account: AccountState, events: readonly ConcertEvent[]): AccountEvent[] {
  const decided: AccountEvent[] = [];
  let state = account;
  for (const event of events) {
    const next = seatEventsFor(state, event);
    state = next.reduce(evolveAccount, state);
    decided.push(...next);
  }
  return decided;
}

function seatEventsFor(state: AccountState, event: ConcertEvent): AccountEvent[] {
  switch (event.type) {
    case 'ConcertScheduled':
      return allocateConcertSeats(state, {
        concertId: event.data.concertId,
        seats: totalCapacity(event.data.ticketLevels),
        startsAt: event.data.startsAt,
        now: new Date(event.data.scheduledAt),
      });
    case 'TicketLevelsChanged':
      // The account's allocation already knows the start: every start is recorded with it.
      return allocateConcertSeats(state, {
        concertId: event.data.concertId,
        seats: totalCapacity(event.data.ticketLevels),
        startsAt: state.seatsByConcert[event.data.concertId]?.startsAt,
        now: new Date(event.data.changedAt),
      });
    case 'ConcertDetailsChanged': {
      const { concertId, changes, changedAt } = event.data;
      const current = state.seatsByConcert[concertId];
      if (changes.startsAt === undefined || current === undefined) return [];
      return allocateConcertSeats(state, {
        concertId,
        seats: current.seats,
        startsAt: changes.startsAt,
        now: new Date(changedAt),
      });
    }
    case 'ConcertCancelled':
      return releaseConcertSeats(state, { concertId: event.data.concertId, now: new Date(event.data.cancelledAt) });
  }
}
