import type { TicketLevelFacts } from '../../domain/carts/catalog-facts';

export interface LevelKey {
  concertId: string;
  ticketLevel: string;
}

/** What carts may know about a concert's ticket level, read from the catalog's read model. */
export interface CatalogEntry extends LevelKey {
  /** Undefined when the catalog has no such concert. */
  concert?: { name: string; onSale: boolean };
  /** Undefined when the concert has no level with this code. */
  level?: { name: string; price: number; currency: string; available: number };
}

/**
 * Carts read the catalog only through this query, never its streams or its other tables: the
 * catalog can change how it stores concerts without carts noticing.
 */
export interface CatalogAvailability {
  /** One entry per key, in the same order. */
  findLevels(keys: LevelKey[]): Promise<CatalogEntry[]>;
}

export async function findLevel(catalog: CatalogAvailability, key: LevelKey): Promise<CatalogEntry> {
  const [entry] = await catalog.findLevels([key]);
  return entry;
}

export function toLevelFacts(entry: CatalogEntry): TicketLevelFacts {
  if (!entry.concert) return { kind: 'unknown_concert' };
  if (!entry.level) return { kind: 'unknown_level' };
  return { kind: 'level', onSale: entry.concert.onSale, available: entry.level.available };
}
