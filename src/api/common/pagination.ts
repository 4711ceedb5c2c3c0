import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;

/** `limit` and `cursor` of every keyset-paginated list (the cursor is the previous page's `nextCursor`). */
export const pageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: z.string().max(200).optional(),
});

/** Documents `pageQuerySchema`'s two query parameters in OpenAPI. */
export const ApiPageQuery = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      description: `1 to ${MAX_PAGE} (default ${DEFAULT_PAGE})`,
      example: DEFAULT_PAGE,
    }),
    ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` from the previous page' }),
  );

export type PageQuery = z.output<typeof pageQuerySchema>;
