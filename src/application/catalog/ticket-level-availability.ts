import type { Db } from '../../infra/db/prisma';
import type { CatalogAvailability, CatalogEntry, LevelKey } from '../carts/catalog-availability';

interface Row {
  concert_id: string;
  code: string;
  concert_name: string | null;
  concert_status: string | null;
  started: boolean | null;
  level_name: string | null;
  price: bigint | null;
  currency: string | null;
  available: number | null;
}

/**
 * The catalog's answer to carts' question (`CatalogAvailability`), over the catalog's own read-model
 * tables: the catalog owns this query, so it can change its storage without carts noticing. One
 * round trip for any number of levels. A concert sells until it starts.
 */
export class TicketLevelAvailability implements CatalogAvailability {
  constructor(private readonly db: Db) {}

  async findLevels(keys: LevelKey[]): Promise<CatalogEntry[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.$queryRaw<Row[]>`
      SELECT k.concert_id::text AS concert_id, k.code, c.name AS concert_name, c.status AS concert_status, c.starts_at <= now() AS started,
             l.name AS level_name, l.price::bigint AS price, l.currency,
             greatest(l.capacity - l.held - l.sold, 0)::int AS available
        FROM unnest(${keys.map((k) => k.concertId)}::uuid[], ${keys.map((k) => k.ticketLevel)}::text[])
             AS k(concert_id, code)
        LEFT JOIN concerts c ON c.id = k.concert_id
        LEFT JOIN concert_ticket_levels l ON l.concert_id = c.id AND l.code = k.code`;
    const byKey = new Map(rows.map((r) => [`${r.concert_id}/${r.code}`, r]));
    return keys.map((key) => toEntry(key, byKey.get(`${key.concertId}/${key.ticketLevel}`)));
  }
}

function toEntry(key: LevelKey, row: Row | undefined): CatalogEntry {
  const entry: CatalogEntry = { concertId: key.concertId, ticketLevel: key.ticketLevel };
  if (!row || row.concert_name === null) return entry;
  entry.concert = { name: row.concert_name, onSale: row.concert_status === 'on_sale' && row.started === false };
  if (row.level_name !== null && row.price !== null && row.currency !== null && row.available !== null) {
    entry.level = { name: row.level_name, price: Number(row.price), currency: row.currency, available: row.available };
  }
  return entry;
}
