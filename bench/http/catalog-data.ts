import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountOpening } from '../../src/application/accounts/account-opening';
import { PlanAdministration } from '../../src/application/accounts/plan-administration';
import { ConcertManagement, type ScheduleConcertInput } from '../../src/application/catalog/concert-management';
import type { AuthenticatedUser } from '../../src/application/identity/authentication';
import type { TicketLevel } from '../../src/domain/catalog/ticket-level';
import { allProjections } from '../../src/read-models';
import { withAdmin } from '../database';

export const ARTISTS = [
  'The Examples',
  'Null Pointers',
  'Race Conditions',
  'Dead Letters',
  'Idempotent Keys',
  'Eventual Consistency',
  'Cold Starts',
  'Back Pressure',
];
export const CITIES = ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Leipzig', 'Vienna'];

export const TICKET_LEVELS: TicketLevel[] = [
  { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 800 },
  { code: 'SEATED', name: 'Seated', price: 7500, currency: 'EUR', capacity: 150 },
  { code: 'VIP', name: 'VIP balcony', price: 12000, currency: 'EUR', capacity: 50 },
];
const SEATS_PER_CONCERT = TICKET_LEVELS.reduce((sum, level) => sum + level.capacity, 0);
// Several organizer accounts so scheduling runs in parallel: concerts of one account contend for its seat budget.
const ACCOUNTS = 8;
const HOUR = 3_600_000;

/**
 * Empties the event store and every read model, so each run measures the same table sizes and the
 * read models always match the events (the event-store suite truncates `events` on its own).
 */
export async function resetCatalog(databaseUrl: string): Promise<void> {
  const tables = [...new Set(allProjections.flatMap((p) => p.tables))];
  await withAdmin(databaseUrl, async (client) => {
    await client.query(`TRUNCATE events, ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY`);
  });
}

/**
 * Puts `count` concerts on sale through the application services the API itself uses, so the read
 * models are exactly what the projections write. Returns how long it took.
 */
export async function loadCatalog(app: INestApplicationContext, count: number): Promise<number> {
  const started = Date.now();
  const admin: AuthenticatedUser = {
    id: randomUUID(),
    email: 'bench-admin@example.test',
    name: 'Bench',
    role: 'admin',
  };
  const plan = await app.get(PlanAdministration).create(
    {
      name: 'Bench promoter',
      monthlyPrice: 4900,
      currency: 'EUR',
      userLimit: 5,
      totalSeats: Math.ceil(count / ACCOUNTS) * SEATS_PER_CONCERT,
    },
    admin.id,
  );
  const opening = app.get(AccountOpening);
  const management = app.get(ConcertManagement);
  const firstStart = Date.now() + 7 * 24 * HOUR;
  await Promise.all(
    Array.from({ length: ACCOUNTS }, async (_, a) => {
      const account = await opening.open({ name: `Bench promoter ${a + 1}`, planId: plan.id }, randomUUID());
      for (let i = a; i < count; i += ACCOUNTS) {
        await management.schedule(account.id, concert(i, new Date(firstStart + i * 6 * HOUR)), admin);
      }
    }),
  );
  return Date.now() - started;
}

function concert(i: number, startsAt: Date): ScheduleConcertInput {
  const artist = ARTISTS[i % ARTISTS.length];
  const city = CITIES[i % CITIES.length];
  return {
    name: `${artist} on tour, night ${i + 1}`,
    artist,
    venue: `${city} Arena`,
    city,
    startsAt,
    ticketLevels: TICKET_LEVELS.map((level) => ({ ...level })),
  };
}

/** Settles the freshly written tables so neither autovacuum nor a checkpoint lands in a measured window. */
export async function settleTables(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (client) => {
    await client.query('VACUUM ANALYZE concerts, concert_ticket_levels, events');
    // Needs superuser or pg_checkpoint; without it the run is only a little noisier.
    await client.query('CHECKPOINT').catch(() => undefined);
  });
}
