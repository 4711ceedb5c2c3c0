import { DomainError } from '../../domain/shared/errors';
import { isStorableInstant } from '../../domain/shared/instant';

/** Where a page of a keyset-paginated list ends: the (instant, id) of its last item. */
export interface PageCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients (base64url), so the ordering behind it can change without breaking them. */
export const encodeCursor = (cursor: PageCursor): string =>
  Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');

export function decodeCursor(text: string): PageCursor {
  const [iso, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  // Only instants Postgres can hold: anything else could not come from a page we served.
  if (rest.length > 0 || !id || !UUID.test(id) || !isStorableInstant(at)) {
    throw new DomainError('bad_request', 'invalid_cursor', 'cursor is not one this API handed out');
  }
  return { at, id };
}

export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
