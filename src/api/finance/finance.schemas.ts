import { z } from 'zod';

export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(400).optional(),
});

export type PageQueryParams = z.output<typeof pageQuerySchema>;
