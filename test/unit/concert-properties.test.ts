import fc from 'fast-check';
import { evolveAccount, initialAccountState, seatsInUse, type AccountState } from '../../src/domain/accounts/account';
import { schedulePlanChange } from '../../src/domain/accounts/account-decisions';
import type { AccountEvent, AccountPackage } from '../../src/domain/accounts/account-events';
import { evolveConcert, initialConcertState, type ConcertState } from '../../src/domain/catalog/concert';
import {
  cancelConcert,
  changeConcertDetails,
  changeTicketLevels,
  scheduleConcert,
} from '../../src/domain/catalog/concert-decisions';
import type { ConcertEvent } from '../../src/domain/catalog/concert-events';
import { decideConcertSeats } from '../../src/domain/catalog/concert-seats';
import { totalCapacity, type TicketLevel } from '../../src/domain/catalog/ticket-level';
import { isCurrency } from '../../src/domain/shared/money';
import { DomainError } from '../../src/domain/shared/errors';

// Random command sequences against the concert decider and the seat budget, applied the way the
// application does (concert and account events together, or neither), while time passes and
// concerts start. Whatever the sequence, the invariants of DOMAIN §2 and §9 hold after every step.

const BUDGET = 1000;
const CONCERTS = ['c0', 'c1', 'c2'];
const START = new Date('2026-11-21T10:00:00.000Z').getTime();
const DAY = 86_400_000;

// Mostly valid values, with now and then one that breaks a rule, so both paths are exercised.
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 19 }, { arbitrary: invalid, weight: 1 });
const level: fc.Arbitrary<TicketLevel> = fc.record({
  code: fc.constantFrom('GA', 'VIP', 'vip', 'BAL', 'PIT'),
  name: fc.constantFrom('General', 'VIP', 'Balcony'),
  price: mostly(fc.integer({ min: 0, max: 50_000 }), fc.constantFrom(-1, 12.5, 2 ** 53)),
  currency: mostly(fc.constantFrom('EUR', 'USD'), fc.constantFrom('XYZ', 'eur')),
  capacity: mostly(fc.integer({ min: 0, max: 600 }), fc.constantFrom(-3, 7.5)),
});
const levels = fc.array(level, { minLength: 0, maxLength: 4 });
const concertId = fc.constantFrom(...CONCERTS);
// Now and then a start beyond the 5 years a concert may be planned ahead.
const daysAhead = mostly(fc.integer({ min: -5, max: 60 }), fc.constantFrom(5 * 366, 10_000));

type Command =
  | { kind: 'schedule'; concertId: string; days: number; ticketLevels: TicketLevel[] }
  | { kind: 'details'; concertId: string; days?: number; venue?: string }
  | { kind: 'levels'; concertId: string; ticketLevels: TicketLevel[] }
  | { kind: 'resize'; concertId: string; percent: number; scale: number }
  | { kind: 'cancel'; concertId: string }
  | { kind: 'sell'; concertId: string; percent: number }
  | { kind: 'wait'; days: number }
  | { kind: 'plan'; totalSeats: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('schedule' as const), concertId, days: daysAhead, ticketLevels: levels }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant('details' as const), concertId, days: daysAhead, venue: fc.constantFrom('Hall A', 'Hall B') },
      { requiredKeys: ['kind', 'concertId'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('levels' as const), concertId, ticketLevels: levels }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('resize' as const),
      concertId,
      percent: fc.integer({ min: 0, max: 99 }),
      scale: fc.integer({ min: 0, max: 150 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), concertId }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('sell' as const), concertId, percent: fc.integer({ min: 0, max: 100 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 10 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('plan' as const), totalSeats: fc.constantFrom(400, 700, BUDGET, 1500) }),
  },
);

interface World {
  now: number;
  account: AccountState;
  concerts: Record<string, ConcertState>;
  /** Tickets held or sold per concert and level code: what inventory would report. */
  committed: Record<string, Record<string, number>>;
}

const club: AccountPackage = {
  planId: 'p1',
  planName: 'Club',
  monthlyPrice: 100,
  currency: 'EUR',
  userLimit: 3,
  totalSeats: BUDGET,
};
const opened: AccountEvent = {
  type: 'AccountOpened',
  data: { accountId: 'a1', name: 'Acme Live', package: club, ownerId: 'u1', openedAt: new Date(START).toISOString() },
};

/** A plan change to a package of `totalSeats` (the account's own plan when that is its budget). */
function planStep(world: World, totalSeats: number): World {
  const pkg = totalSeats === BUDGET ? club : { ...club, planId: `p-${totalSeats}`, totalSeats };
  try {
    const events = schedulePlanChange(world.account, { package: pkg, scheduledBy: 'u1', now: new Date(world.now) });
    return { ...world, account: events.reduce(evolveAccount, world.account) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return world;
  }
}

function decide(world: World, cmd: Exclude<Command, { kind: 'sell' | 'wait' | 'plan' }>): ConcertEvent[] {
  const state = world.concerts[cmd.concertId] ?? initialConcertState();
  const now = new Date(world.now);
  switch (cmd.kind) {
    case 'schedule':
      return scheduleConcert(state, {
        concertId: cmd.concertId,
        accountId: 'a1',
        details: { name: 'N', artist: 'A', venue: 'V', city: 'C', startsAt: new Date(world.now + cmd.days * DAY) },
        ticketLevels: cmd.ticketLevels,
        scheduledBy: 'u1',
        now,
      });
    case 'details':
      return changeConcertDetails(state, {
        changes: {
          ...(cmd.venue === undefined ? {} : { venue: cmd.venue }),
          ...(cmd.days === undefined ? {} : { startsAt: new Date(world.now + cmd.days * DAY) }),
        },
        changedBy: 'u1',
        now,
      });
    case 'levels':
      return changeTicketLevels(state, {
        ticketLevels: cmd.ticketLevels,
        committed: world.committed[cmd.concertId] ?? {},
        changedBy: 'u1',
        now,
      });
    case 'resize': {
      // What organizers mostly do: the same levels, one of them scaled between 0 % and 150 %.
      const index = Math.floor((cmd.percent / 100) * state.ticketLevels.length);
      const ticketLevels = state.ticketLevels.map((l, i) =>
        i === index ? { ...l, capacity: Math.floor((l.capacity * cmd.scale) / 100) } : l,
      );
      return changeTicketLevels(state, {
        ticketLevels,
        committed: world.committed[cmd.concertId] ?? {},
        changedBy: 'u1',
        now,
      });
    }
    case 'cancel':
      return cancelConcert(state, { cancelledBy: 'u1', now });
  }
}

/** One step: both streams change, or (on any refusal) nothing does. */
function step(world: World, cmd: Command): World {
  if (cmd.kind === 'wait') return { ...world, now: world.now + cmd.days * DAY };
  if (cmd.kind === 'sell') return sell(world, cmd.concertId, cmd.percent / 100);
  if (cmd.kind === 'plan') return planStep(world, cmd.totalSeats);
  const wasCancelled = world.concerts[cmd.concertId]?.cancelled ?? false;
  let events: ConcertEvent[];
  let seatEvents: AccountEvent[];
  try {
    events = decide(world, cmd);
    seatEvents = decideConcertSeats(world.account, events);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return world;
  }
  // A cancelled concert is terminal: nothing may be decided on it any more.
  if (wasCancelled) expect(events).toEqual([]);
  // A concert that has started is history: it can no longer be cancelled (nor refunded).
  if (cmd.kind === 'cancel' && events.length > 0) {
    expect(Date.parse(world.concerts[cmd.concertId].details!.startsAt)).toBeGreaterThan(world.now);
  }
  return {
    ...world,
    concerts: {
      ...world.concerts,
      [cmd.concertId]: events.reduce(evolveConcert, world.concerts[cmd.concertId] ?? initialConcertState()),
    },
    account: seatEvents.reduce(evolveAccount, world.account),
  };
}

/** Inventory's side: sells part of what is available on a level of an on-sale concert. */
function sell(world: World, id: string, share: number): World {
  const concert = world.concerts[id];
  if (!concert?.scheduled || concert.cancelled || concert.ticketLevels.length === 0) return world;
  const target = concert.ticketLevels[Math.floor(share * concert.ticketLevels.length) % concert.ticketLevels.length];
  const already = world.committed[id]?.[target.code] ?? 0;
  const more = Math.floor((target.capacity - already) * share);
  return {
    ...world,
    committed: { ...world.committed, [id]: { ...world.committed[id], [target.code]: already + more } },
  };
}

function assertInvariants(world: World): void {
  // Seats of the concerts still to come fit the package, and any plan change already scheduled.
  const limit = Math.min(BUDGET, world.account.scheduledChange?.package.totalSeats ?? BUDGET);
  expect(seatsInUse(world.account, new Date(world.now))).toBeLessThanOrEqual(limit);
  for (const [id, concert] of Object.entries(world.concerts)) {
    if (!concert.scheduled) continue;
    const { ticketLevels } = concert;
    expect(ticketLevels.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ticketLevels.map((l) => l.code.toLowerCase())).size).toBe(ticketLevels.length);
    for (const l of ticketLevels) {
      expect(Number.isSafeInteger(l.price) && l.price >= 0).toBe(true);
      expect(Number.isSafeInteger(l.capacity) && l.capacity >= 0).toBe(true);
      expect(isCurrency(l.currency)).toBe(true);
    }
    for (const [code, committed] of Object.entries(world.committed[id] ?? {})) {
      if (committed > 0) expect(ticketLevels.find((l) => l.code === code)?.capacity).toBeGreaterThanOrEqual(committed);
    }
    // The budget holds exactly the capacity and start of each concert not cancelled, nothing for cancelled ones.
    expect(world.account.seatsByConcert[id]).toEqual(
      concert.cancelled ? undefined : { seats: totalCapacity(ticketLevels), startsAt: concert.details?.startsAt },
    );
    // Every start was at most 5 years ahead when it was decided, and time only moves on.
    expect(Date.parse(concert.details!.startsAt)).toBeLessThanOrEqual(world.now + 5 * 366 * DAY);
  }
}

describe('concert decider and seat budget under random command sequences', () => {
  it('keeps every invariant after every step', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        let world: World = {
          now: START,
          account: evolveAccount(initialAccountState(), opened),
          concerts: {},
          committed: {},
        };
        const cancelled = new Set<string>();
        for (const cmd of commands) {
          world = step(world, cmd);
          assertInvariants(world);
          for (const id of cancelled) expect(world.concerts[id].cancelled).toBe(true);
          for (const [id, c] of Object.entries(world.concerts)) if (c.cancelled) cancelled.add(id);
        }
      }),
      { numRuns: 1000 },
    );
  });

  // A fixed seed: this measures the generators, not the code, so the sample must not vary from run to run.
  it('actually reaches the interesting states (the generators are not too weak)', () => {
    const seen = { scheduled: 0, cancelled: 0, fullBudget: 0, committed: 0, started: 0, smallerPlan: 0 };
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 60 }), (commands) => {
        let world: World = {
          now: START,
          account: evolveAccount(initialAccountState(), opened),
          concerts: {},
          committed: {},
        };
        for (const cmd of commands) world = step(world, cmd);
        const concerts = Object.values(world.concerts);
        seen.scheduled += concerts.filter((c) => c.scheduled).length;
        seen.cancelled += concerts.filter((c) => c.cancelled).length;
        seen.fullBudget += seatsInUse(world.account, new Date(world.now)) > BUDGET * 0.8 ? 1 : 0;
        // Concerts whose seats no longer count: started, not cancelled.
        seen.started += concerts.filter(
          (c) => c.scheduled && !c.cancelled && Date.parse(c.details!.startsAt) <= world.now,
        ).length;
        seen.smallerPlan += (world.account.scheduledChange?.package.totalSeats ?? BUDGET) < BUDGET ? 1 : 0;
        seen.committed += Object.values(world.committed).some((c) => Object.values(c).some((n) => n > 0)) ? 1 : 0;
      }),
      { numRuns: 200, seed: 20261121 },
    );
    expect(seen.scheduled).toBeGreaterThan(50);
    expect(seen.cancelled).toBeGreaterThan(10);
    expect(seen.fullBudget).toBeGreaterThan(5);
    expect(seen.committed).toBeGreaterThan(10);
    expect(seen.started).toBeGreaterThan(10);
    expect(seen.smallerPlan).toBeGreaterThan(10);
  });
});
