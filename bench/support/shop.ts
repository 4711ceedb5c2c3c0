import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountOpening } from '../../src/application/accounts/account-opening';
import { PlanAdministration } from '../../src/application/accounts/plan-administration';
import { CartCommands } from '../../src/application/carts/cart-commands';
import { CartEditor } from '../../src/application/carts/cart-editor';
import { ConcertManagement } from '../../src/application/catalog/concert-management';
import { TicketLevelAvailability } from '../../src/application/catalog/ticket-level-availability';
import type { AuthenticatedUser } from '../../src/application/identity/authentication';
import { register } from '../../src/domain/identity/user-decisions';
import type { TicketLevel } from '../../src/domain/catalog/ticket-level';
import { AccessTokens } from '../../src/infra/crypto/access-token';
import type { Infrastructure } from '../../src/infra/infrastructure';
import { mapLimit } from './concurrency';

const DAY = 86_400_000;

export interface Buyer {
  userId: string;
  email: string;
  /** A Bearer token the API accepts, issued as the login would issue it. */
  token: string;
}

export interface CartLine {
  concertId: string;
  ticketLevel: string;
  quantity: number;
}

/**
 * Concerts on sale a month ahead, one per entry of `levelsPerConcert`, from one organizer account
 * whose plan has exactly the seats they need: the same services the API's organizer routes use.
 */
export async function scheduleConcerts(
  app: INestApplicationContext,
  levelsPerConcert: TicketLevel[][],
  name: string,
): Promise<string[]> {
  const admin: AuthenticatedUser = {
    id: randomUUID(),
    email: 'bench-admin@example.test',
    name: 'Bench',
    role: 'admin',
  };
  const seats = levelsPerConcert.flat().reduce((sum, level) => sum + level.capacity, 0);
  const plan = await app
    .get(PlanAdministration)
    .create({ name: 'Bench promoter', monthlyPrice: 4900, currency: 'EUR', userLimit: 5, totalSeats: seats }, admin.id);
  const account = await app.get(AccountOpening).open({ name: 'Bench promoter', planId: plan.id }, randomUUID());
  const management = app.get(ConcertManagement);
  const ids: string[] = [];
  for (const [i, ticketLevels] of levelsPerConcert.entries()) {
    ids.push(
      await management.schedule(
        account.id,
        {
          name: `${name} ${i + 1}`,
          artist: 'The Examples',
          venue: 'Bench Arena',
          city: 'Berlin',
          startsAt: new Date(Date.now() + 30 * DAY + i * DAY),
          ticketLevels,
        },
        admin,
      ),
    );
  }
  return ids;
}

/**
 * Registered customers, each with the given cart, and a token each. They are registered on their
 * user stream without a password: they never log in, and a password hash apiece (scrypt) would
 * make preparing thousands of them take longer than the runs they are prepared for.
 */
export async function prepareBuyers(infra: Infrastructure, carts: CartLine[][], parallel = 16): Promise<Buyer[]> {
  const tokens = new AccessTokens(infra.config.auth.jwtSecret, infra.config.auth.jwtTtlMs);
  const editor = new CartEditor(new CartCommands(infra.eventStore), new TicketLevelAvailability(infra.db), {
    maxQuantityPerLine: infra.config.carts.maxQuantityPerLine,
  });
  return mapLimit(carts, parallel, async (lines) => {
    const { userId, email } = await registerCustomer(infra);
    for (const line of lines) await editor.add({ kind: 'user', userId }, line);
    // Credential version 0: what a freshly registered user's read model says.
    const { accessToken } = tokens.issue({ sub: userId, role: 'customer', cv: 0 });
    return { userId, email, token: accessToken };
  });
}

/** One customer registered on their user stream, without a password (see prepareBuyers). */
export async function registerCustomer(infra: Infrastructure): Promise<{ userId: string; email: string }> {
  const userId = randomUUID();
  const email = `buyer-${userId}@example.test`;
  await infra.users.execute(
    userId,
    (state) => register(state, { userId, email, name: 'Bench Buyer', role: 'customer', now: new Date() }),
    { operationId: `register:${userId}`, metadata: { actor: userId } },
  );
  return { userId, email };
}

/** Held and sold per level, straight from the table that enforces held + sold <= capacity. */
export async function stockOf(
  infra: Infrastructure,
  concertId: string,
): Promise<Record<string, { capacity: number; held: number; sold: number }>> {
  const rows = await infra.db.concertTicketLevel.findMany({ where: { concertId }, orderBy: { code: 'asc' } });
  return Object.fromEntries(rows.map((r) => [r.code, { capacity: r.capacity, held: r.held, sold: r.sold }]));
}
