import type { TicketLevel } from './ticket-level';

// Facts about one concert. Every event carries the organizing account, so consumers (the seat
// budget, billing, refunds) never need to look the concert up.

/** What fans see about a concert besides its tickets. `startsAt` is an ISO-8601 UTC instant. */
export interface ConcertDetails {
  name: string;
  artist: string;
  venue: string;
  city: string;
  startsAt: string;
}

export type ConcertScheduled = {
  type: 'ConcertScheduled';
  data: ConcertDetails & {
    concertId: string;
    accountId: string;
    ticketLevels: TicketLevel[];
    scheduledBy: string;
    scheduledAt: string;
  };
};
export type ConcertDetailsChanged = {
  type: 'ConcertDetailsChanged';
  /** Only the details that changed, with their new values. */
  data: {
    concertId: string;
    accountId: string;
    changes: Partial<ConcertDetails>;
    changedBy: string;
    changedAt: string;
  };
};
export type TicketLevelsChanged = {
  type: 'TicketLevelsChanged';
  /** The complete new list of levels; levels left out are withdrawn. */
  data: { concertId: string; accountId: string; ticketLevels: TicketLevel[]; changedBy: string; changedAt: string };
};
export type ConcertCancelled = {
  type: 'ConcertCancelled';
  data: { concertId: string; accountId: string; reason?: string; cancelledBy: string; cancelledAt: string };
};

export type ConcertEvent = ConcertScheduled | ConcertDetailsChanged | TicketLevelsChanged | ConcertCancelled;

export const CONCERT_EVENT_TYPES: ReadonlyArray<ConcertEvent['type']> = [
  'ConcertScheduled',
  'ConcertDetailsChanged',
  'TicketLevelsChanged',
  'ConcertCancelled',
];

export const CONCERT_STREAM_TYPE = 'concert';
export const concertStreamId = (concertId: string): string => `concert-${concertId}`;
