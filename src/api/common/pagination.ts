import { z } from 'zod';

/** `limit` and `cursor` of every keyset-paginated list (the cursor is the previous page's `nextCursor`). */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type PageQuery = z.output<typeof pageQuerySchema>;
