import { z } from 'zod';
import { jsonSchemaOf } from '../common/validation';

// The cart view as documented in OpenAPI; `CartView` in the application layer is what is served.
const cartLine = z.object({
  concertId: z.uuid(),
  ticketLevel: z.string(),
  concertName: z.string().nullable().meta({ description: 'Null when the catalog no longer knows the concert' }),
  levelName: z.string().nullable(),
  unitPrice: z.number().int().nullable().meta({ description: 'Minor units (cents)' }),
  currency: z.string().nullable(),
  quantity: z.number().int(),
  lineTotal: z.number().int().nullable().meta({ description: 'unitPrice × quantity, in minor units' }),
  status: z
    .enum(['ok', 'not_enough_tickets', 'concert_not_on_sale', 'unknown_ticket_level', 'concert_not_found'])
    .meta({ description: 'Whether checkout could sell the line as it stands now' }),
});

const example = {
  status: 'open',
  lines: [
    {
      concertId: '5b1f3c1e-8a4d-4c2b-9f6e-2d7a1c3b4e5f',
      ticketLevel: 'GA',
      concertName: 'Midsummer Nights',
      levelName: 'General admission',
      unitPrice: 4500,
      currency: 'EUR',
      quantity: 2,
      lineTotal: 9000,
      status: 'ok',
    },
  ],
  summary: { lineCount: 1, itemCount: 2, totals: [{ currency: 'EUR', amount: 9000 }] },
};

export const cartViewSchema = z
  .object({
    status: z.enum(['open', 'merged']).meta({ description: '`merged`: an anonymous cart that moved into a user cart' }),
    lines: z.array(cartLine),
    summary: z.object({
      lineCount: z.number().int(),
      itemCount: z.number().int().meta({ description: 'Tickets in the cart' }),
      totals: z
        .array(z.object({ currency: z.string(), amount: z.number().int() }))
        .meta({ description: 'One total per currency, in minor units' }),
    }),
  })
  .meta({ example });

const mergedLine = z.object({
  concertId: z.uuid(),
  ticketLevel: z.string(),
  requested: z.number().int(),
  added: z.number().int(),
  lineQuantity: z.number().int(),
  outcome: z.enum(['taken', 'capped', 'dropped']),
  reason: z
    .enum(['max_quantity', 'not_enough_tickets', 'concert_not_on_sale', 'unknown_ticket_level', 'concert_not_found'])
    .optional(),
});

export const mergeResultSchema = cartViewSchema
  .extend({
    merged: z.array(mergedLine).meta({ description: 'What became of each anonymous line; empty if merged before' }),
  })
  .meta({
    example: {
      ...example,
      merged: [
        {
          concertId: '5b1f3c1e-8a4d-4c2b-9f6e-2d7a1c3b4e5f',
          ticketLevel: 'GA',
          requested: 2,
          added: 2,
          lineQuantity: 2,
          outcome: 'taken',
        },
      ],
    },
  });

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({
    example: {
      type: '/problems/not-enough-tickets',
      title: 'Conflict',
      status: 409,
      detail: 'Only 3 tickets are available for this level; the line would need 4',
      code: 'not_enough_tickets',
    },
  });

export const CART_VIEW = jsonSchemaOf(cartViewSchema);
export const MERGE_RESULT = jsonSchemaOf(mergeResultSchema);
/** application/problem+json, the body of every refusal. */
export const PROBLEM = { 'application/problem+json': { schema: jsonSchemaOf(problemSchema) } };

export const CART_TOKEN_HEADER = {
  name: 'X-Cart-Token',
  required: false,
  description:
    'The anonymous cart token from an earlier `X-Cart-Token` response header (43 base64url characters). ' +
    "When a Bearer token is sent too, the signed-in user's cart is used.",
};

export const LINE_PARAMS = {
  concertId: {
    name: 'concertId',
    description: 'The concert of the line',
    schema: { type: 'string' as const, format: 'uuid', example: '5b1f3c1e-8a4d-4c2b-9f6e-2d7a1c3b4e5f' },
  },
  ticketLevel: {
    name: 'ticketLevel',
    description: 'The ticket level code of the line',
    schema: { type: 'string' as const, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$', example: 'GA' },
  },
};
