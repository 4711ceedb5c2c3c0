import { evolveConcert, initialConcertState, type ConcertState } from '../../src/domain/catalog/concert';
import {
  cancelConcert,
  changeConcertDetails,
  changeTicketLevels,
  scheduleConcert,
  type ConcertDetailsInput,
} from '../../src/domain/catalog/concert-decisions';
import type { ConcertEvent } from '../../src/domain/catalog/concert-events';
import type { TicketLevel } from '../../src/domain/catalog/ticket-level';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);
const given = (...events: ConcertEvent[]): ConcertState => events.reduce(evolveConcert, initialConcertState());

const ga: TicketLevel = { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 300 };
const vip: TicketLevel = { code: 'VIP', name: 'VIP', price: 12000, currency: 'EUR', capacity: 50 };
const details: ConcertDetailsInput = {
  name: 'Winter Tour',
  artist: 'The Examples',
  venue: 'Hall A',
  city: 'Berlin',
  startsAt: inDays(30),
};
const scheduled: ConcertEvent = {
  type: 'ConcertScheduled',
  data: {
    concertId: 'c1',
    accountId: 'a1',
    name: 'Winter Tour',
    artist: 'The Examples',
    venue: 'Hall A',
    city: 'Berlin',
    startsAt: inDays(30).toISOString(),
    ticketLevels: [ga, vip],
    scheduledBy: 'u1',
    scheduledAt: now.toISOString(),
  },
};
const cancelled: ConcertEvent = {
  type: 'ConcertCancelled',
  data: { concertId: 'c1', accountId: 'a1', cancelledBy: 'u1', cancelledAt: now.toISOString() },
};
const schedule = (overrides: { details?: Partial<ConcertDetailsInput>; ticketLevels?: TicketLevel[] } = {}) =>
  scheduleConcert(given(), {
    concertId: 'c1',
    accountId: 'a1',
    details: { ...details, ...overrides.details },
    ticketLevels: overrides.ticketLevels ?? [ga, vip],
    scheduledBy: 'u1',
    now,
  });
const levels = (ticketLevels: TicketLevel[], committed: Record<string, number> = {}, state = given(scheduled)) =>
  changeTicketLevels(state, { ticketLevels, committed, changedBy: 'u2', now });

describe('concert decider', () => {
  describe('scheduleConcert', () => {
    it('records the concert with its details and ticket levels', () => {
      expect(schedule()).toEqual([scheduled]);
    });

    it('keeps only the known fields of each level', () => {
      const [event] = schedule({ ticketLevels: [{ ...ga, extra: 'x' } as TicketLevel] });
      expect((event as typeof scheduled).data.ticketLevels).toEqual([ga]);
    });

    it('allows free tickets and an empty level', () => {
      expect(schedule({ ticketLevels: [{ ...ga, price: 0, capacity: 0 }] })).toHaveLength(1);
    });

    it('allows the dearest price and a start exactly 5 years ahead', () => {
      const [event] = schedule({
        details: { startsAt: new Date('2031-11-21T10:00:00.000Z') },
        ticketLevels: [{ ...ga, price: 10_000_000_000 }],
      });
      expect(event.data).toMatchObject({ startsAt: '2031-11-21T10:00:00.000Z' });
    });

    it('refuses a concert that exists already', () => {
      expect(
        refusal(() =>
          scheduleConcert(given(scheduled), {
            concertId: 'c1',
            accountId: 'a1',
            details,
            ticketLevels: [ga],
            scheduledBy: 'u1',
            now,
          }),
        ),
      ).toMatchObject({ kind: 'conflict', code: 'concert_exists' });
    });

    it.each<[string, { details?: Partial<ConcertDetailsInput>; ticketLevels?: TicketLevel[] }, string, RegExp]>([
      ['no ticket levels', { ticketLevels: [] }, 'ticket_levels_required', /ticketLevels/],
      [
        'a duplicate level code',
        { ticketLevels: [ga, vip, { ...vip, name: 'Again' }] },
        'duplicate_ticket_level_code',
        /ticketLevels\.2\.code.*ticketLevels\.1/,
      ],
      [
        'level codes differing only by case',
        { ticketLevels: [ga, { ...vip, code: 'ga' }] },
        'duplicate_ticket_level_code',
        /ticketLevels\.1\.code/,
      ],
      ['a negative price', { ticketLevels: [ga, { ...vip, price: -1 }] }, 'negative_price', /ticketLevels\.1\.price/],
      [
        'a price that is not whole minor units',
        { ticketLevels: [{ ...ga, price: 45.5 }] },
        'price_not_minor_units',
        /ticketLevels\.0\.price/,
      ],
      [
        'a price beyond safe integers',
        { ticketLevels: [{ ...ga, price: 2 ** 53 }] },
        'price_not_minor_units',
        /ticketLevels\.0\.price/,
      ],
      ['an unknown currency', { ticketLevels: [{ ...ga, currency: 'XYZ' }] }, 'invalid_currency', /\.currency/],
      ['a lower-case currency', { ticketLevels: [{ ...ga, currency: 'eur' }] }, 'invalid_currency', /\.currency/],
      ['a negative capacity', { ticketLevels: [{ ...ga, capacity: -5 }] }, 'negative_capacity', /\.0\.capacity/],
      [
        'a fractional capacity',
        { ticketLevels: [{ ...ga, capacity: 1.5 }] },
        'capacity_not_whole_number',
        /\.0\.capacity/,
      ],
      ['a huge capacity', { ticketLevels: [{ ...ga, capacity: 1_000_001 }] }, 'capacity_too_large', /\.0\.capacity/],
      [
        'a price over 10^10 minor units',
        { ticketLevels: [ga, { ...vip, price: 10_000_000_001 }] },
        'price_too_large',
        /ticketLevels\.1\.price.*10000000000/,
      ],
      ['a start in the past', { details: { startsAt: inDays(-1) } }, 'starts_at_in_past', /startsAt/],
      ['a start right now', { details: { startsAt: now } }, 'starts_at_in_past', /startsAt/],
      ['an invalid start', { details: { startsAt: new Date('nope') } }, 'invalid_starts_at', /startsAt/],
      [
        'a start more than 5 years ahead',
        { details: { startsAt: new Date('2031-11-21T10:00:00.001Z') } },
        'starts_at_too_far',
        /startsAt.*5 years/,
      ],
    ])('refuses %s with 422 naming the field', (_, overrides, code, field) => {
      const refused = refusal(() => schedule(overrides));
      expect(refused).toMatchObject({ kind: 'invalid', code });
      expect(refused.message).toMatch(field);
    });
  });

  describe('changeConcertDetails', () => {
    const change = (changes: Partial<ConcertDetailsInput>, state = given(scheduled), at = now) =>
      changeConcertDetails(state, { changes, changedBy: 'u2', now: at });

    it('records only the details that change', () => {
      expect(change({ name: 'Winter Tour', venue: 'Hall B', startsAt: inDays(31) })).toEqual([
        {
          type: 'ConcertDetailsChanged',
          data: {
            concertId: 'c1',
            accountId: 'a1',
            changes: { venue: 'Hall B', startsAt: inDays(31).toISOString() },
            changedBy: 'u2',
            changedAt: now.toISOString(),
          },
        },
      ]);
    });

    it('is a no-op when nothing changes', () => {
      expect(change({ name: 'Winter Tour', startsAt: inDays(30) })).toEqual([]);
    });

    it('applies the change to the state', () => {
      const state = change({ city: 'Hamburg' }).reduce(evolveConcert, given(scheduled));
      expect(state.details).toMatchObject({ city: 'Hamburg', venue: 'Hall A' });
    });

    it.each<[string, () => unknown, string, string]>([
      ['an unknown concert', () => change({ name: 'X' }, given()), 'not_found', 'concert_not_found'],
      ['a new start in the past', () => change({ startsAt: inDays(-2) }), 'invalid', 'starts_at_in_past'],
      [
        'a new start more than 5 years ahead',
        () => change({ startsAt: inDays(5 * 366) }),
        'invalid',
        'starts_at_too_far',
      ],
      ['a cancelled concert', () => change({ name: 'X' }, given(scheduled, cancelled)), 'invalid', 'concert_cancelled'],
      [
        'a concert that has started',
        () => change({ name: 'X' }, given(scheduled), inDays(30)),
        'invalid',
        'concert_already_started',
      ],
    ])('refuses %s', (_, fn, kind, code) => {
      expect(refusal(fn)).toMatchObject({ kind, code });
    });
  });

  describe('changeTicketLevels', () => {
    it('records the complete new list of levels', () => {
      const balcony: TicketLevel = { code: 'BAL', name: 'Balcony', price: 3000, currency: 'EUR', capacity: 80 };
      expect(levels([ga, balcony])).toEqual([
        {
          type: 'TicketLevelsChanged',
          data: {
            concertId: 'c1',
            accountId: 'a1',
            ticketLevels: [ga, balcony],
            changedBy: 'u2',
            changedAt: now.toISOString(),
          },
        },
      ]);
    });

    it('is a no-op when the levels are unchanged', () => {
      expect(levels([ga, vip])).toEqual([]);
    });

    it('lets capacity drop down to what is held or sold, and levels without tickets go', () => {
      expect(levels([{ ...ga, capacity: 120 }], { GA: 120, VIP: 0 })).toHaveLength(1);
    });

    it('refuses capacity below the tickets held or sold, naming the level', () => {
      const refused = refusal(() => levels([ga, { ...vip, capacity: 9 }], { VIP: 10 }));
      expect(refused).toMatchObject({ kind: 'invalid', code: 'capacity_below_committed' });
      expect(refused.message).toMatch(/ticketLevels\.1\.capacity.*at least 10/);
    });

    it('refuses withdrawing a level that has tickets held or sold', () => {
      const refused = refusal(() => levels([ga], { VIP: 1 }));
      expect(refused).toMatchObject({ kind: 'invalid', code: 'ticket_level_has_tickets' });
      expect(refused.message).toMatch(/"VIP"/);
    });

    it.each<[string, TicketLevel[], string]>([
      ['no levels', [], 'ticket_levels_required'],
      ['duplicate codes', [ga, ga], 'duplicate_ticket_level_code'],
      ['a negative price', [{ ...ga, price: -100 }], 'negative_price'],
      ['a price over 10^10 minor units', [{ ...ga, price: 10_000_000_001 }], 'price_too_large'],
      ['a negative capacity', [{ ...ga, capacity: -1 }], 'negative_capacity'],
      ['an unknown currency', [{ ...ga, currency: 'EURO' }], 'invalid_currency'],
    ])('refuses %s', (_, ticketLevels, code) => {
      expect(refusal(() => levels(ticketLevels))).toMatchObject({ kind: 'invalid', code });
    });

    it.each<[string, ConcertState, Date, string, string]>([
      ['an unknown concert', given(), now, 'not_found', 'concert_not_found'],
      ['a cancelled concert', given(scheduled, cancelled), now, 'invalid', 'concert_cancelled'],
      ['a concert that has started', given(scheduled), inDays(31), 'invalid', 'concert_already_started'],
    ])('refuses changes to %s', (_, state, at, kind, code) => {
      expect(
        refusal(() => changeTicketLevels(state, { ticketLevels: [ga], committed: {}, changedBy: 'u2', now: at })),
      ).toMatchObject({ kind, code });
    });
  });

  describe('cancelConcert', () => {
    it('records the cancellation with its reason', () => {
      expect(cancelConcert(given(scheduled), { reason: 'Illness', cancelledBy: 'u3', now })).toEqual([
        {
          type: 'ConcertCancelled',
          data: {
            concertId: 'c1',
            accountId: 'a1',
            reason: 'Illness',
            cancelledBy: 'u3',
            cancelledAt: now.toISOString(),
          },
        },
      ]);
    });

    it('records a cancellation without a reason, up to just before the start', () => {
      const lastMoment = new Date(inDays(30).getTime() - 1);
      expect(cancelConcert(given(scheduled), { cancelledBy: 'u1', now: lastMoment })).toEqual([
        {
          type: 'ConcertCancelled',
          data: { concertId: 'c1', accountId: 'a1', cancelledBy: 'u1', cancelledAt: lastMoment.toISOString() },
        },
      ]);
    });

    it.each([
      ['at its start', inDays(30)],
      ['after its start', inDays(40)],
    ])('refuses to cancel a concert %s: it has happened, so nothing is refunded', (_, at) => {
      expect(refusal(() => cancelConcert(given(scheduled), { cancelledBy: 'u1', now: at }))).toMatchObject({
        kind: 'invalid',
        code: 'concert_already_started',
      });
    });

    it('refuses to cancel twice', () => {
      expect(refusal(() => cancelConcert(given(scheduled, cancelled), { cancelledBy: 'u1', now }))).toMatchObject({
        kind: 'invalid',
        code: 'concert_cancelled',
      });
    });

    it('refuses an unknown concert', () => {
      expect(refusal(() => cancelConcert(given(), { cancelledBy: 'u1', now }))).toMatchObject({
        kind: 'not_found',
        code: 'concert_not_found',
      });
    });
  });
});
