import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import { CONCERT_EVENT_TYPES, type ConcertEvent } from '../../domain/catalog/concert-events';
import type { TicketLevel } from '../../domain/catalog/ticket-level';

/** `concerts` and `concert_ticket_levels`: the public catalog, with availability per level. */
export const concertsProjection: Projection = {
  name: 'concerts',
  tables: ['concerts', 'concert_ticket_levels'],
  handles: CONCERT_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as ConcertEvent;
    switch (event.type) {
      case 'ConcertScheduled': {
        const { concertId, accountId, name, artist, venue, city, startsAt, scheduledAt } = event.data;
        await tx.concert.create({
          data: {
            id: concertId,
            accountId,
            name,
            artist,
            venue,
            city,
            startsAt: new Date(startsAt),
            status: 'on_sale',
            scheduledAt: new Date(scheduledAt),
            updatedAt: new Date(scheduledAt),
          },
        });
        await tx.concertTicketLevel.createMany({ data: event.data.ticketLevels.map(levelRow(concertId)) });
        return;
      }
      case 'ConcertDetailsChanged': {
        const { startsAt, ...rest } = event.data.changes;
        await tx.concert.update({
          where: { id: event.data.concertId },
          data: {
            ...rest,
            ...(startsAt === undefined ? {} : { startsAt: new Date(startsAt) }),
            updatedAt: new Date(event.data.changedAt),
          },
        });
        return;
      }
      case 'TicketLevelsChanged': {
        const { concertId, ticketLevels, changedAt } = event.data;
        // Levels that stay keep their held and sold counts: those belong to inventory, not to this change.
        await tx.concertTicketLevel.deleteMany({
          where: { concertId, code: { notIn: ticketLevels.map((l) => l.code) } },
        });
        for (const row of ticketLevels.map(levelRow(concertId))) {
          await tx.concertTicketLevel.upsert({
            where: { concertId_code: { concertId, code: row.code } },
            create: row,
            update: row,
          });
        }
        await tx.concert.update({ where: { id: concertId }, data: { updatedAt: new Date(changedAt) } });
        return;
      }
      case 'ConcertCancelled': {
        const { concertId, reason, cancelledAt } = event.data;
        await tx.concert.update({
          where: { id: concertId },
          data: {
            status: 'cancelled',
            cancelReason: reason ?? null,
            cancelledAt: new Date(cancelledAt),
            updatedAt: new Date(cancelledAt),
          },
        });
        return;
      }
    }
  },
};

const levelRow =
  (concertId: string) =>
  ({ code, name, price, currency, capacity }: TicketLevel, position: number) => ({
    concertId,
    code,
    position,
    name,
    price: BigInt(price),
    currency,
    capacity,
  });
