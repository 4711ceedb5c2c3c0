import { z } from 'zod';
import { uuidSchema } from '../common/uuid';

// Shape only (400). Whether a code names a ticket is the answer itself (`unknown`), never an error.

export const validateTicketSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200)
      .meta({ description: 'The code on the ticket, as scanned or typed (any case; dashes and spaces ignored)' }),
    concertId: uuidSchema.meta({ description: 'The concert at whose door the ticket is shown' }),
  })
  .meta({
    example: { code: 'FJF6CYBM4N8DX52BW1ZW3Y8AWX37M9FFJB2R3RWRZ0', concertId: '3f2b8c1e-6d4a-4e9b-a7c5-0b1d2e3f4a5b' },
  });

export type ValidateTicketBody = z.output<typeof validateTicketSchema>;
