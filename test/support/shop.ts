import { randomUUID } from 'node:crypto';
import { AccountCommands } from '../../src/application/accounts/account-commands';
import { CartCommands } from '../../src/application/carts/cart-commands';
import { CartEditor } from '../../src/application/carts/cart-editor';
import { ConcertCatalog } from '../../src/application/catalog/concert-catalog';
import { ConcertCommands } from '../../src/application/catalog/concert-commands';
import { ConcertManagement } from '../../src/application/catalog/concert-management';
import { TicketLevelAvailability } from '../../src/application/catalog/ticket-level-availability';
import { Registration } from '../../src/application/identity/registration';
import { CheckoutRequests, type CheckoutRequest } from '../../src/application/orders/checkout-requests';
import { OrderCommands } from '../../src/application/orders/order-commands';
import type { Infrastructure } from '../../src/infra/infrastructure';
import type { Client } from '@temporalio/client';
import { openTestAccount } from './accounts';

export interface TestLevel {
  code: string;
  capacity: number;
  price?: number;
  currency?: string;
}

/** A concert on sale a month ahead, organized by a fresh account with room for its seats. */
export async function scheduleTestConcert(
  infra: Infrastructure,
  levels: TestLevel[] = [{ code: 'GA', capacity: 100 }],
  name = 'Winter Tour',
): Promise<{ concertId: string; accountId: string }> {
  const accounts = new AccountCommands(infra.eventStore);
  const accountId = await openTestAccount(accounts, {
    totalSeats: levels.reduce((n, l) => n + l.capacity, 0) + 10,
  });
  const management = new ConcertManagement(
    new ConcertCommands(infra.eventStore),
    accounts,
    new ConcertCatalog(infra.db),
    { assertCanManageConcerts: async () => undefined },
  );
  const concertId = await management.schedule(
    accountId,
    {
      name,
      artist: 'The Examples',
      venue: 'Hall A',
      city: 'Berlin',
      startsAt: new Date(Date.now() + 30 * 86_400_000),
      ticketLevels: levels.map((l) => ({
        code: l.code,
        name: `${l.code} tickets`,
        price: l.price ?? 4500,
        currency: l.currency ?? 'EUR',
        capacity: l.capacity,
      })),
    },
    { id: randomUUID(), email: 'organizer@example.test', name: 'Organizer', role: 'admin' },
  );
  return { concertId, accountId };
}

/** A registered fan, so that ticket and invoice emails find an address. */
export async function registerFan(
  infra: Infrastructure,
  name = 'Fan Example',
): Promise<{ userId: string; email: string }> {
  const email = `fan-${randomUUID()}@example.test`;
  const user = await new Registration(infra.db, infra.users).register({
    email,
    password: 'correct horse battery 9',
    name,
  });
  return { userId: user.id, email };
}

export async function fillCart(
  infra: Infrastructure,
  userId: string,
  lines: Array<{ concertId: string; ticketLevel: string; quantity: number }>,
): Promise<void> {
  const editor = new CartEditor(new CartCommands(infra.eventStore), new TicketLevelAvailability(infra.db), {
    maxQuantityPerLine: infra.config.carts.maxQuantityPerLine,
  });
  for (const line of lines) await editor.add({ kind: 'user', userId }, line);
}

/** The API's checkout entry point, without HTTP. */
export function checkoutRequests(infra: Infrastructure, temporal: Client): CheckoutRequests {
  return new CheckoutRequests(
    temporal,
    new OrderCommands(infra.eventStore),
    new CartCommands(infra.eventStore),
    infra.config,
  );
}

export const EMAIL_DELIVERY: CheckoutRequest['delivery'] = { method: 'email' };

/** Held and sold per level, straight from the table that enforces held + sold <= capacity. */
export async function stockOf(infra: Infrastructure, concertId: string) {
  const rows = await infra.db.concertTicketLevel.findMany({ where: { concertId }, orderBy: { code: 'asc' } });
  return Object.fromEntries(rows.map((r) => [r.code, { capacity: r.capacity, held: r.held, sold: r.sold }]));
}
