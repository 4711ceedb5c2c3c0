import { z } from 'zod';

/**
 * An id from a client, in any letter case, as the lower-case text Postgres hands back. Ids go on to
 * name streams, workflows and derived ids as text, where 'AB…' and 'ab…' would be different things.
 */
export const uuidSchema = z.uuid('must be a uuid').toLowerCase();
