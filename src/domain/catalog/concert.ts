import type { ConcertDetails, ConcertEvent } from './concert-events';
import type { TicketLevel } from './ticket-level';

export interface ConcertState {
  scheduled: boolean;
  concertId?: string;
  accountId?: string;
  details?: ConcertDetails;
  ticketLevels: TicketLevel[];
  cancelled: boolean;
}

export const initialConcertState = (): ConcertState => ({ scheduled: false, ticketLevels: [], cancelled: false });

export function evolveConcert(state: ConcertState, event: ConcertEvent): ConcertState {
  switch (event.type) {
    case 'ConcertScheduled': {
      const { concertId, accountId, name, artist, venue, city, startsAt, ticketLevels } = event.data;
      return {
        ...state,
        scheduled: true,
        concertId,
        accountId,
        details: { name, artist, venue, city, startsAt },
        ticketLevels,
      };
    }
    case 'ConcertDetailsChanged':
      return { ...state, details: { ...(state.details as ConcertDetails), ...event.data.changes } };
    case 'TicketLevelsChanged':
      return { ...state, ticketLevels: event.data.ticketLevels };
    case 'ConcertCancelled':
      return { ...state, cancelled: true };
  }
}
