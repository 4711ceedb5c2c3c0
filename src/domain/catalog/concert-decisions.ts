import { refuse } from '../shared/errors';
import type { ConcertState } from './concert';
import type { ConcertDetails, ConcertEvent } from './concert-events';
import { checkTicketLevels, type TicketLevel } from './ticket-level';

// Deciders for concerts: given the concert's state and a command, the events that follow (or a
// refusal). `now` is an input, so every decision is reproducible.

/** Details as commands carry them: the start is a Date until it becomes a fact. */
export type ConcertDetailsInput = Omit<ConcertDetails, 'startsAt'> & { startsAt: Date };

/** Tickets already held or sold, per level code (what inventory has promised to fans). */
export type CommittedTickets = Record<string, number>;

/** How far ahead a concert may be put on sale: beyond that a start is a typo, not a plan. */
export const MAX_YEARS_AHEAD = 5;

const DETAIL_FIELDS: ReadonlyArray<keyof ConcertDetails> = ['name', 'artist', 'venue', 'city', 'startsAt'];

export function scheduleConcert(
  state: ConcertState,
  cmd: {
    concertId: string;
    accountId: string;
    details: ConcertDetailsInput;
    ticketLevels: TicketLevel[];
    scheduledBy: string;
    now: Date;
  },
): ConcertEvent[] {
  if (state.scheduled) return refuse('conflict', 'concert_exists', 'Concert already exists');
  const startsAt = checkStartsAt(cmd.details.startsAt, cmd.now);
  const ticketLevels = checkTicketLevels(cmd.ticketLevels);
  const { name, artist, venue, city } = cmd.details;
  return [
    {
      type: 'ConcertScheduled',
      data: {
        concertId: cmd.concertId,
        accountId: cmd.accountId,
        name,
        artist,
        venue,
        city,
        startsAt,
        ticketLevels,
        scheduledBy: cmd.scheduledBy,
        scheduledAt: cmd.now.toISOString(),
      },
    },
  ];
}

/** Records only the details that really change; repeating what the concert already says is a no-op. */
export function changeConcertDetails(
  state: ConcertState,
  cmd: { changes: Partial<ConcertDetailsInput>; changedBy: string; now: Date },
): ConcertEvent[] {
  const { concertId, accountId, details } = requireChangeable(state, cmd.now);
  const requested: Partial<ConcertDetails> = { ...cmd.changes, startsAt: undefined };
  if (cmd.changes.startsAt !== undefined) requested.startsAt = checkStartsAt(cmd.changes.startsAt, cmd.now);
  const changes: Partial<ConcertDetails> = {};
  for (const field of DETAIL_FIELDS) {
    const value = requested[field];
    if (value !== undefined && value !== details[field]) changes[field] = value;
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'ConcertDetailsChanged',
      data: { concertId, accountId, changes, changedBy: cmd.changedBy, changedAt: cmd.now.toISOString() },
    },
  ];
}

/**
 * Replaces the ticket levels. A level keeps room for every ticket already held or sold: its
 * capacity cannot drop below that, and a level with such tickets cannot be withdrawn.
 */
export function changeTicketLevels(
  state: ConcertState,
  cmd: { ticketLevels: TicketLevel[]; committed: CommittedTickets; changedBy: string; now: Date },
): ConcertEvent[] {
  const { concertId, accountId } = requireChangeable(state, cmd.now);
  const ticketLevels = checkTicketLevels(cmd.ticketLevels);
  for (const [code, committed] of Object.entries(cmd.committed)) {
    if (committed <= 0) continue;
    const index = ticketLevels.findIndex((level) => level.code === code);
    if (index < 0) {
      refuse(
        'invalid',
        'ticket_level_has_tickets',
        `ticketLevels: level "${code}" has ${committed} tickets held or sold and cannot be removed`,
      );
    }
    if (ticketLevels[index].capacity < committed) {
      refuse(
        'invalid',
        'capacity_below_committed',
        `ticketLevels.${index}.capacity must be at least ${committed}, the tickets already held or sold`,
      );
    }
  }
  if (sameLevels(ticketLevels, state.ticketLevels)) return [];
  return [
    {
      type: 'TicketLevelsChanged',
      data: { concertId, accountId, ticketLevels, changedBy: cmd.changedBy, changedAt: cmd.now.toISOString() },
    },
  ];
}

/**
 * Cancelling only records the fact and stops sales; refunds follow from the fact. A concert that
 * has started has happened (or is happening): it can no longer be cancelled, nor its tickets refunded.
 */
export function cancelConcert(
  state: ConcertState,
  cmd: { reason?: string; cancelledBy: string; now: Date },
): ConcertEvent[] {
  const { concertId, accountId, details } = requireConcert(state);
  if (state.cancelled) return refuse('invalid', 'concert_cancelled', 'Concert is already cancelled');
  if (Date.parse(details.startsAt) <= cmd.now.getTime()) {
    return refuse('invalid', 'concert_already_started', 'A concert that has started cannot be cancelled');
  }
  const reason = cmd.reason === undefined ? {} : { reason: cmd.reason };
  return [
    {
      type: 'ConcertCancelled',
      data: { concertId, accountId, ...reason, cancelledBy: cmd.cancelledBy, cancelledAt: cmd.now.toISOString() },
    },
  ];
}

function checkStartsAt(startsAt: Date, now: Date): string {
  if (Number.isNaN(startsAt.getTime())) return refuse('invalid', 'invalid_starts_at', 'startsAt must be a date-time');
  if (startsAt.getTime() <= now.getTime()) {
    return refuse('invalid', 'starts_at_in_past', 'startsAt must be in the future');
  }
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_YEARS_AHEAD);
  if (startsAt.getTime() > latest.getTime()) {
    return refuse(
      'invalid',
      'starts_at_too_far',
      `startsAt must be at most ${MAX_YEARS_AHEAD} years from now (${latest.toISOString()})`,
    );
  }
  return startsAt.toISOString();
}

function requireConcert(state: ConcertState): { concertId: string; accountId: string; details: ConcertDetails } {
  if (!state.scheduled || !state.concertId || !state.accountId || !state.details) {
    return refuse('not_found', 'concert_not_found', 'Concert not found');
  }
  return { concertId: state.concertId, accountId: state.accountId, details: state.details };
}

/** Only a concert still ahead and not cancelled can change; its past is a record, not a draft. */
function requireChangeable(state: ConcertState, now: Date): ReturnType<typeof requireConcert> {
  const concert = requireConcert(state);
  if (state.cancelled) return refuse('invalid', 'concert_cancelled', 'A cancelled concert cannot be changed');
  if (Date.parse(concert.details.startsAt) <= now.getTime()) {
    return refuse('invalid', 'concert_already_started', 'A concert that has started cannot be changed');
  }
  return concert;
}

const sameLevels = (a: readonly TicketLevel[], b: readonly TicketLevel[]): boolean =>
  a.length === b.length &&
  a.every(
    (level, i) =>
      level.code === b[i].code &&
      level.name === b[i].name &&
      level.price === b[i].price &&
      level.currency === b[i].currency &&
      level.capacity === b[i].capacity,
  );
