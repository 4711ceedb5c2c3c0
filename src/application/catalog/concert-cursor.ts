import { DomainError } from '../../domain/shared/errors';
import { isStorableInstant } from '../../domain/shared/instant';

/** Where a page of the concert list ends: the (startsAt, id) of its last concert. */
export interface ConcertCursor {
  startsAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients (base64url), so the ordering behind it can change without breaking them. */
export const encodeCursor = (cursor: ConcertCursor): string =>
  Buffer.from(`${cursor.startsAt.toISOString()}|${cursor.id}`).toString('base64url');

export function decodeCursor(text: string): ConcertCursor {
  const [iso, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const startsAt = new Date(iso ?? '');
  // Only instants the catalog can hold: anything else could not come from a page it served.
  if (rest.length > 0 || !id || !UUID.test(id) || !isStorableInstant(startsAt)) {
    throw new DomainError('bad_request', 'invalid_cursor', 'cursor is not one this API handed out');
  }
  return { startsAt, id };
}
