import type { AccountEvent, AccountPackage, MemberRole } from './account-events';

/** What one concert holds against the budget: its capacity, until it starts (ISO-8601 UTC). */
export interface ConcertSeats {
  seats: number;
  /** Missing only for allocations recorded before starts were: such a concert counts as not started. */
  startsAt?: string;
}

export interface AccountState {
  opened: boolean;
  accountId?: string;
  name?: string;
  package?: AccountPackage;
  members: Record<string, MemberRole>;
  scheduledChange?: { package: AccountPackage; effectiveFrom: string };
  /** The seats of each concert of the account not cancelled; they count against `package.totalSeats` until it starts. */
  seatsByConcert: Record<string, ConcertSeats>;
}

export const initialAccountState = (): AccountState => ({ opened: false, members: {}, seatsByConcert: {} });

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountOpened': {
      const { accountId, name, package: pkg, ownerId } = event.data;
      return { ...state, opened: true, accountId, name, package: pkg, members: { [ownerId]: 'owner' } };
    }
    case 'AccountMemberAdded':
      return { ...state, members: { ...state.members, [event.data.userId]: event.data.role } };
    case 'AccountMemberRemoved': {
      const members = { ...state.members };
      delete members[event.data.userId];
      return { ...state, members };
    }
    case 'AccountPlanChangeScheduled':
      return { ...state, scheduledChange: { package: event.data.package, effectiveFrom: event.data.effectiveFrom } };
    case 'ConcertSeatsAllocated': {
      const { concertId, seats, startsAt } = event.data;
      const allocation: ConcertSeats = startsAt === undefined ? { seats } : { seats, startsAt };
      return { ...state, seatsByConcert: { ...state.seatsByConcert, [concertId]: allocation } };
    }
    case 'ConcertSeatsReleased': {
      const seatsByConcert = { ...state.seatsByConcert };
      delete seatsByConcert[event.data.concertId];
      return { ...state, seatsByConcert };
    }
  }
}

/** Whether a concert's seats still count at `now`: they do until it starts (DOMAIN §9, "on sale at once"). */
export const countsAt = (allocation: ConcertSeats, now: Date): boolean =>
  allocation.startsAt === undefined || Date.parse(allocation.startsAt) > now.getTime();

/** Seats the account's concerts that have not started hold at `now`. */
export const seatsInUse = (state: AccountState, now: Date): number =>
  Object.values(state.seatsByConcert).reduce(
    (sum, allocation) => sum + (countsAt(allocation, now) ? allocation.seats : 0),
    0,
  );
