import { refuse } from '../shared/errors';
import { countsAt, seatsInUse, type AccountState, type ConcertSeats } from './account';
import type { AccountEvent } from './account-events';

// The account's seat budget: the capacity of its concerts on sale — not cancelled and not yet
// started — never exceeds the package's `totalSeats`, nor that of a plan change already scheduled.
// Concerts allocate through the account stream, so one append decides who fits.

/**
 * Sets a concert's allocation to its whole capacity and start now; a no-op when that is already the
 * allocation. A start alone never needs room: it only moves between instants still ahead.
 */
export function allocateConcertSeats(
  state: AccountState,
  /** `startsAt` is missing only for a concert whose allocation never recorded it (see ConcertSeatsAllocated). */
  cmd: { concertId: string; seats: number; startsAt: string | undefined; now: Date },
): AccountEvent[] {
  const { accountId, totalSeats } = requireAccount(state);
  if (!Number.isSafeInteger(cmd.seats) || cmd.seats < 0) {
    return refuse('invalid', 'invalid_seats', 'seats must be a whole number, 0 or more');
  }
  const allocation: ConcertSeats =
    cmd.startsAt === undefined ? { seats: cmd.seats } : { seats: cmd.seats, startsAt: cmd.startsAt };
  const current = state.seatsByConcert[cmd.concertId];
  if (current && current.seats === allocation.seats && current.startsAt === allocation.startsAt) return [];
  const inUse = (a: ConcertSeats | undefined): number => (a && countsAt(a, cmd.now) ? a.seats : 0);
  const others = seatsInUse(state, cmd.now) - inUse(current);
  const wanted = inUse(allocation);
  // Shrinking is always allowed, even when the account is over budget (its package may have shrunk).
  if (wanted > inUse(current)) {
    const refuseBeyond = (limit: number, allows: string) => {
      if (others + wanted <= limit) return;
      refuse(
        'invalid',
        'total_seats_exceeded',
        `${allows} ${limit} seats on sale (totalSeats); other concerts use ${others}, ` +
          `so this concert can have at most ${Math.max(0, limit - others)}, not ${cmd.seats}`,
      );
    };
    refuseBeyond(totalSeats, "The account's package allows");
    const scheduled = state.scheduledChange;
    if (scheduled) {
      refuseBeyond(scheduled.package.totalSeats, `The plan change scheduled from ${scheduled.effectiveFrom} allows`);
    }
  }
  return [
    {
      type: 'ConcertSeatsAllocated',
      data: {
        accountId,
        concertId: cmd.concertId,
        seats: cmd.seats,
        ...(cmd.startsAt === undefined ? {} : { startsAt: cmd.startsAt }),
        allocatedAt: cmd.now.toISOString(),
      },
    },
  ];
}

/** Gives a concert's seats back to the budget; a no-op when it holds none. */
export function releaseConcertSeats(state: AccountState, cmd: { concertId: string; now: Date }): AccountEvent[] {
  const { accountId } = requireAccount(state);
  if (state.seatsByConcert[cmd.concertId] === undefined) return [];
  return [
    {
      type: 'ConcertSeatsReleased',
      data: { accountId, concertId: cmd.concertId, releasedAt: cmd.now.toISOString() },
    },
  ];
}

function requireAccount(state: AccountState): { accountId: string; totalSeats: number } {
  if (!state.opened || !state.accountId || !state.package) {
    return refuse('not_found', 'account_not_found', 'Account not found');
  }
  return { accountId: state.accountId, totalSeats: state.package.totalSeats };
}
