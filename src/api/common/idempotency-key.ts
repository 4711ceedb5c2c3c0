import { z } from 'zod';

/** The Idempotency-Key header: printable ASCII, as it is echoed into ids and logs. */
export const idempotencyKeySchema = z
  .string({ error: 'the Idempotency-Key header is required' })
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters');
