import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createSupportTicketActivities } from '../../src/activities/support-tickets';
import { supportMessageKeys } from '../../src/activities/support-tickets/support-ticket-emails';
import { UserDirectory } from '../../src/application/identity/user-directory';
import { OrderQueries } from '../../src/application/orders/order-queries';
import { SupportTicketQueries } from '../../src/application/support-tickets/support-ticket-queries';
import { SupportTicketRequests } from '../../src/application/support-tickets/support-ticket-requests';
import type { CapturedMessage } from '../../src/dev/mail-sink/server';
import type { Infrastructure } from '../../src/infra/infrastructure';
import { supportTicketStreamId } from '../../src/domain/support-tickets/support-ticket-events';
import { placeTestOrder } from './ticket-orders';

export { supportMessageKeys };

/** The API's side of support tickets, built as the API module builds it, on any Temporal client. */
export function supportTicketServices(infra: Infrastructure, temporal: Client) {
  const queries = new SupportTicketQueries(infra.db, new UserDirectory(infra.db));
  // Only requireOwn is used here, which reads the orders read model alone.
  const orders = new OrderQueries(infra.db, { ofOrder: async () => null }, { forOrder: async () => [] });
  return {
    queries,
    requests: new SupportTicketRequests(temporal, queries, orders, infra.config),
    activities: createSupportTicketActivities(infra),
  };
}

/** An order of this customer, placed straight on its stream (no checkout needed to name it in a ticket). */
export async function placeSupportTestOrder(infra: Infrastructure, customerId: string): Promise<string> {
  const placed = await placeTestOrder(infra.eventStore, {
    customerId,
    concertId: randomUUID(),
    accountId: randomUUID(),
  });
  return placed.orderId;
}

/** The ticket's events, by type, in order. */
export async function supportTicketEventTypes(infra: Infrastructure, ticketId: string): Promise<string[]> {
  return (await infra.eventStore.readStream(supportTicketStreamId(ticketId))).map((e) => e.type);
}

/** Captured emails sent under one message key (every send carries its key). */
export const withKey = (messages: CapturedMessage[], messageKey: string): CapturedMessage[] =>
  messages.filter((m) => m.customArgs.message_key === messageKey);

/** How many events the store holds: a refused request must not change it. */
export async function countEvents(infra: Infrastructure): Promise<number> {
  const [row] = await infra.db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM events`;
  return Number(row.n);
}
