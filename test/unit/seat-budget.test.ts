import { evolveAccount, initialAccountState, seatsInUse, type AccountState } from '../../src/domain/accounts/account';
import type { AccountEvent, AccountPackage } from '../../src/domain/accounts/account-events';
import { allocateConcertSeats, releaseConcertSeats } from '../../src/domain/accounts/seat-budget';
import { decideConcertSeats } from '../../src/domain/catalog/concert-seats';
import type { ConcertEvent } from '../../src/domain/catalog/concert-events';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const at = now.toISOString();
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
const soon = inDays(30);
const given = (...events: AccountEvent[]): AccountState => events.reduce(evolveAccount, initialAccountState());

const club: AccountPackage = {
  planId: 'p1',
  planName: 'Club',
  monthlyPrice: 9900,
  currency: 'EUR',
  userLimit: 5,
  totalSeats: 1000,
};
const opened: AccountEvent = {
  type: 'AccountOpened',
  data: { accountId: 'a1', name: 'Loud Promotions', package: club, ownerId: 'u1', openedAt: at },
};
const allocated = (concertId: string, seats: number, startsAt = soon): AccountEvent => ({
  type: 'ConcertSeatsAllocated',
  data: { accountId: 'a1', concertId, seats, startsAt, allocatedAt: at },
});
/** As recorded before allocations carried the concert's start. */
const allocatedWithoutStart = (concertId: string, seats: number): AccountEvent => ({
  type: 'ConcertSeatsAllocated',
  data: { accountId: 'a1', concertId, seats, allocatedAt: at },
});
const released = (concertId: string): AccountEvent => ({
  type: 'ConcertSeatsReleased',
  data: { accountId: 'a1', concertId, releasedAt: at },
});
const planChange = (totalSeats: number): AccountEvent => ({
  type: 'AccountPlanChangeScheduled',
  data: {
    accountId: 'a1',
    package: { ...club, planId: 'p2', planName: 'Small', totalSeats },
    effectiveFrom: '2026-12',
    scheduledBy: 'u1',
    scheduledAt: at,
  },
});
const allocate = (state: AccountState, concertId: string, seats: number, startsAt: string | undefined = soon) =>
  allocateConcertSeats(state, { concertId, seats, startsAt, now });

describe('seat budget', () => {
  describe('allocateConcertSeats', () => {
    it('allocates a new concert within the budget, with its start', () => {
      expect(allocate(given(opened, allocated('c1', 600)), 'c2', 400)).toEqual([allocated('c2', 400)]);
    });

    it('replaces the earlier allocation of the same concert', () => {
      const state = given(opened, allocated('c1', 600), allocated('c2', 300));
      const events = allocate(state, 'c1', 700);
      expect(events).toEqual([allocated('c1', 700)]);
      expect(seatsInUse(events.reduce(evolveAccount, state), now)).toBe(1000);
    });

    it('is a no-op when the allocation is unchanged', () => {
      expect(allocate(given(opened, allocated('c1', 600)), 'c1', 600)).toEqual([]);
    });

    it('records a new start of the same seats, which never needs room', () => {
      const full = given(opened, allocated('c1', 600), allocated('c2', 400), planChange(500));
      expect(allocate(full, 'c1', 600, inDays(40))).toEqual([allocated('c1', 600, inDays(40))]);
    });

    it('refuses seats beyond totalSeats, naming the limit and what is in use', () => {
      const refused = refusal(() => allocate(given(opened, allocated('c1', 600), allocated('c2', 300)), 'c3', 101));
      expect(refused).toMatchObject({ kind: 'invalid', code: 'total_seats_exceeded' });
      expect(refused.message).toMatch(/1000 seats.*totalSeats.*use 900.*at most 100, not 101/);
    });

    it('refuses growing a concert beyond the budget', () => {
      expect(refusal(() => allocate(given(opened, allocated('c1', 1000)), 'c1', 1001))).toMatchObject({
        code: 'total_seats_exceeded',
      });
    });

    it('always lets a concert shrink, even when the account is over budget', () => {
      const over = given(opened, allocated('c1', 900), allocated('c2', 900));
      expect(allocate(over, 'c1', 800)).toEqual([allocated('c1', 800)]);
    });

    it('counts released seats as free again', () => {
      expect(allocate(given(opened, allocated('c1', 1000), released('c1')), 'c2', 1000)).toEqual([
        allocated('c2', 1000),
      ]);
    });

    it('no longer counts the seats of concerts that have started', () => {
      const state = given(opened, allocated('c1', 600, inDays(-1)), allocated('c2', 400, at));
      expect(seatsInUse(state, now)).toBe(0);
      expect(allocate(state, 'c3', 1000)).toEqual([allocated('c3', 1000)]);
    });

    it('counts a concert that starts later, up to the instant it starts', () => {
      const state = given(opened, allocated('c1', 600, inDays(1)));
      expect(seatsInUse(state, now)).toBe(600);
      expect(seatsInUse(state, new Date(inDays(1)))).toBe(0);
      expect(refusal(() => allocate(state, 'c2', 401))).toMatchObject({ code: 'total_seats_exceeded' });
    });

    it('reads an allocation recorded without a start as a concert still to come', () => {
      const state = given(opened, allocatedWithoutStart('c1', 900));
      expect(state.seatsByConcert.c1).toEqual({ seats: 900 });
      expect(seatsInUse(state, new Date('9999-12-31T23:59:59.999Z'))).toBe(900);
      expect(refusal(() => allocate(state, 'c2', 101))).toMatchObject({ code: 'total_seats_exceeded' });
    });

    it('keeps within the totalSeats of a plan change already scheduled, naming it and its period', () => {
      const state = given(opened, allocated('c1', 50), planChange(80));
      expect(allocate(state, 'c2', 30)).toEqual([allocated('c2', 30)]);
      const refused = refusal(() => allocate(state, 'c2', 31));
      expect(refused).toMatchObject({ kind: 'invalid', code: 'total_seats_exceeded' });
      expect(refused.message).toMatch(
        /^The plan change scheduled from 2026-12 allows 80 seats.*use 50.*at most 30, not 31/,
      );
    });

    it('keeps within the current totalSeats when the scheduled plan has more', () => {
      const refused = refusal(() => allocate(given(opened, planChange(5000)), 'c1', 1001));
      expect(refused.message).toMatch(/^The account's package allows 1000 seats/);
    });

    it.each([-1, 1.5, Number.NaN])('refuses %p seats', (seats) => {
      expect(refusal(() => allocate(given(opened), 'c1', seats))).toMatchObject({
        kind: 'invalid',
        code: 'invalid_seats',
      });
    });

    it('refuses an unknown account', () => {
      expect(refusal(() => allocate(given(), 'c1', 1))).toMatchObject({
        kind: 'not_found',
        code: 'account_not_found',
      });
    });
  });

  describe('releaseConcertSeats', () => {
    it('releases the seats of a concert', () => {
      expect(releaseConcertSeats(given(opened, allocated('c1', 10)), { concertId: 'c1', now })).toEqual([
        released('c1'),
      ]);
    });

    it('is a no-op for a concert holding no seats', () => {
      expect(releaseConcertSeats(given(opened, allocated('c1', 10), released('c1')), { concertId: 'c1', now })).toEqual(
        [],
      );
    });
  });

  describe('decideConcertSeats', () => {
    const levels = (capacity: number) => [{ code: 'GA', name: 'GA', price: 100, currency: 'EUR', capacity }];
    const concertEvent = (
      type: ConcertEvent['type'],
      concertId: string,
      capacity = 0,
      changes: Record<string, string> = {},
    ): ConcertEvent =>
      ({
        type,
        data: {
          concertId,
          accountId: 'a1',
          startsAt: soon,
          ticketLevels: levels(capacity),
          scheduledAt: at,
          changedAt: at,
          cancelledAt: at,
          changes,
        },
      }) as unknown as ConcertEvent;

    it('allocates on scheduling and on level changes, and releases on cancelling', () => {
      const state = given(opened);
      expect(decideConcertSeats(state, [concertEvent('ConcertScheduled', 'c1', 300)])).toEqual([allocated('c1', 300)]);
      const withC1 = given(opened, allocated('c1', 300));
      expect(decideConcertSeats(withC1, [concertEvent('TicketLevelsChanged', 'c1', 500)])).toEqual([
        allocated('c1', 500),
      ]);
      expect(decideConcertSeats(withC1, [concertEvent('ConcertDetailsChanged', 'c1', 0, { venue: 'B' })])).toEqual([]);
      expect(decideConcertSeats(withC1, [concertEvent('ConcertCancelled', 'c1')])).toEqual([released('c1')]);
    });

    it('records a new start with the same seats', () => {
      const withC1 = given(opened, allocated('c1', 300));
      expect(
        decideConcertSeats(withC1, [concertEvent('ConcertDetailsChanged', 'c1', 0, { startsAt: inDays(45) })]),
      ).toEqual([allocated('c1', 300, inDays(45))]);
    });

    it('keeps the recorded start when the levels change', () => {
      const moved = given(opened, allocated('c1', 300, inDays(45)));
      expect(decideConcertSeats(moved, [concertEvent('TicketLevelsChanged', 'c1', 200)])).toEqual([
        allocated('c1', 200, inDays(45)),
      ]);
    });

    it('refuses a schedule that would exceed the budget', () => {
      expect(
        refusal(() =>
          decideConcertSeats(given(opened, allocated('c1', 900)), [concertEvent('ConcertScheduled', 'c2', 101)]),
        ),
      ).toMatchObject({ code: 'total_seats_exceeded' });
    });

    it('refuses a schedule beyond a scheduled smaller plan', () => {
      expect(
        refusal(() =>
          decideConcertSeats(given(opened, allocated('c1', 50), planChange(80)), [
            concertEvent('ConcertScheduled', 'c2', 31),
          ]),
        ),
      ).toMatchObject({ code: 'total_seats_exceeded', message: expect.stringContaining('2026-12 allows 80 seats') });
    });
  });
});
