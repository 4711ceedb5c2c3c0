import { z } from 'zod';
import { uuidSchema } from '../common/uuid';

// Ids are compared as stored, in lower case; quantities outside 1..max are a business rule (422),
// so the schema only insists on a whole number.
export const concertIdSchema = uuidSchema.meta({ example: '5b1f3c1e-8a4d-4c2b-9f6e-2d7a1c3b4e5f' });

/** Same shape as the catalog's level codes, so anything longer or odder cannot name a level. */
export const ticketLevelSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be a ticket level code: 1 to 32 letters, digits, "-" or "_"')
  .meta({ example: 'GA' });

const quantity = z.number().int('must be a whole number').meta({
  description: 'Tickets, 1 to the per-line maximum (CART_MAX_QUANTITY_PER_LINE, 10 by default); outside it: 422',
  example: 2,
});

export const addItemSchema = z
  .strictObject({ concertId: concertIdSchema, ticketLevel: ticketLevelSchema, quantity })
  .meta({ example: { concertId: '5b1f3c1e-8a4d-4c2b-9f6e-2d7a1c3b4e5f', ticketLevel: 'GA', quantity: 2 } });

export const changeQuantitySchema = z.strictObject({ quantity }).meta({ example: { quantity: 3 } });

/** The path of one cart line; validated as one object so each error names its parameter. */
export const lineParamsSchema = z.strictObject({ concertId: concertIdSchema, ticketLevel: ticketLevelSchema });
