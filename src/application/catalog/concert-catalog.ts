import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../infra/db/prisma';
import type { CommittedTickets } from '../../domain/catalog/concert-decisions';
import { DomainError } from '../../domain/shared/errors';
import { decodeCursor, encodeCursor } from '../shared/page-cursor';

/** On sale: not cancelled and still ahead. Cancelled: sales stopped. Past: it has started. */
export type ConcertStatus = 'on_sale' | 'cancelled' | 'past';

export interface TicketLevelView {
  code: string;
  name: string;
  price: number;
  currency: string;
  capacity: number;
  available: number;
}

export interface ConcertView {
  id: string;
  accountId: string;
  name: string;
  artist: string;
  venue: string;
  city: string;
  startsAt: string;
  status: ConcertStatus;
  cancelledAt: string | null;
  ticketLevels: TicketLevelView[];
}

interface LevelCounts {
  capacity: number;
  held: number;
  sold: number;
  available: number;
}

export interface TicketSummaryView {
  concertId: string;
  status: ConcertStatus;
  levels: Array<{ code: string; name: string } & LevelCounts>;
  totals: LevelCounts;
}

export interface ConcertListQuery {
  limit: number;
  cursor?: string;
  /** Part of the artist's name, any case. */
  artist?: string;
  /** The city, any case. */
  city?: string;
  /** Starting at or after. */
  from?: Date;
  /** Starting before. */
  to?: Date;
}

export interface ConcertPage {
  items: ConcertView[];
  nextCursor: string | null;
}

interface ConcertRow {
  id: string;
  accountId: string;
  name: string;
  artist: string;
  venue: string;
  city: string;
  startsAt: Date;
  status: string;
  cancelledAt: Date | null;
}

interface LevelRow {
  concertId: string;
  code: string;
  name: string;
  price: bigint;
  currency: string;
  capacity: number;
  held: number;
  sold: number;
}

/** The public catalog: queries over the `concerts` read model. */
export class ConcertCatalog {
  constructor(private readonly db: Db) {}

  /**
   * On-sale concerts, soonest first, a page at a time. Keyset pagination on (starts_at, id) walks the
   * (status, starts_at, id) index, so a page costs the same however deep the cursor is.
   */
  async list(query: ConcertListQuery, now = new Date()): Promise<ConcertPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const conditions = [
      Prisma.sql`status = 'on_sale'`,
      Prisma.sql`starts_at > ${now}::timestamptz`,
      // A suspended account's concerts are not on sale: the public listing leaves them out.
      Prisma.sql`NOT EXISTS (SELECT 1 FROM billing_accounts b WHERE b.account_id = concerts.account_id AND b.status = 'suspended')`,
    ];
    if (query.from) conditions.push(Prisma.sql`starts_at >= ${query.from}::timestamptz`);
    if (query.to) conditions.push(Prisma.sql`starts_at < ${query.to}::timestamptz`);
    if (after) conditions.push(Prisma.sql`(starts_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
    if (query.artist) conditions.push(Prisma.sql`artist ILIKE ${`%${escapeLike(query.artist)}%`}`);
    if (query.city) conditions.push(Prisma.sql`lower(city) = lower(${query.city})`);
    const rows = await this.db.$queryRaw<ConcertRow[]>`
      SELECT id::text AS id, account_id::text AS "accountId", name, artist, venue, city, starts_at AS "startsAt",
             status, cancelled_at AS "cancelledAt"
        FROM concerts WHERE ${Prisma.join(conditions, ' AND ')}
       ORDER BY starts_at, id LIMIT ${query.limit + 1}`;
    const page = rows.slice(0, query.limit);
    const levels = await this.levelsOf(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toView(row, levels.get(row.id) ?? [], now)),
      nextCursor: rows.length > query.limit ? encodeCursor({ at: last.startsAt, id: last.id }) : null,
    };
  }

  /** One concert, whatever its status; undefined when the catalog does not know it. */
  async find(id: string, now = new Date()): Promise<ConcertView | undefined> {
    const row = await this.db.concert.findUnique({ where: { id } });
    if (!row) return undefined;
    const levels = await this.levelsOf([id]);
    return toView(row, levels.get(id) ?? [], now);
  }

  async get(id: string): Promise<ConcertView> {
    const concert = await this.find(id);
    if (!concert) throw new DomainError('not_found', 'concert_not_found', 'Concert not found');
    return concert;
  }

  /** For organizers: capacity, held, sold and available per level. */
  async ticketSummary(concertId: string): Promise<TicketSummaryView> {
    const concert = await this.get(concertId);
    const levels = (await this.levelsOf([concertId])).get(concertId) ?? [];
    const perLevel = levels.map((l) => ({
      code: l.code,
      name: l.name,
      capacity: l.capacity,
      held: l.held,
      sold: l.sold,
      available: Math.max(0, l.capacity - l.held - l.sold),
    }));
    const sum = (key: 'capacity' | 'held' | 'sold' | 'available') => perLevel.reduce((n, l) => n + l[key], 0);
    return {
      concertId,
      status: concert.status,
      levels: perLevel,
      totals: { capacity: sum('capacity'), held: sum('held'), sold: sum('sold'), available: sum('available') },
    };
  }

  /** Tickets held or sold per level: what a change of levels must leave room for. */
  async committedTickets(concertId: string): Promise<CommittedTickets> {
    const levels = await this.db.concertTicketLevel.findMany({
      where: { concertId },
      select: { code: true, held: true, sold: true },
    });
    return Object.fromEntries(levels.map((l) => [l.code, l.held + l.sold]));
  }

  private async levelsOf(concertIds: string[]): Promise<Map<string, LevelRow[]>> {
    const byConcert = new Map<string, LevelRow[]>();
    if (concertIds.length === 0) return byConcert;
    const rows = await this.db.concertTicketLevel.findMany({
      where: { concertId: { in: concertIds } },
      orderBy: [{ concertId: 'asc' }, { position: 'asc' }],
    });
    for (const row of rows) byConcert.set(row.concertId, [...(byConcert.get(row.concertId) ?? []), row]);
    return byConcert;
  }
}

function toView(row: ConcertRow, levels: LevelRow[], now: Date): ConcertView {
  const status: ConcertStatus =
    row.status === 'cancelled' ? 'cancelled' : row.startsAt.getTime() > now.getTime() ? 'on_sale' : 'past';
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    artist: row.artist,
    venue: row.venue,
    city: row.city,
    startsAt: row.startsAt.toISOString(),
    status,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    ticketLevels: levels.map((l) => ({
      code: l.code,
      name: l.name,
      price: Number(l.price),
      currency: l.currency,
      capacity: l.capacity,
      available: Math.max(0, l.capacity - l.held - l.sold),
    })),
  };
}

/** `artist` is matched literally: LIKE's wildcards in it mean themselves. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
