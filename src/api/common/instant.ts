import { z } from 'zod';
import { isStorableInstant, MAX_INSTANT, MIN_INSTANT } from '../../domain/shared/instant';

/**
 * An instant given as ISO-8601 with a time zone, e.g. 2027-03-14T19:30:00+01:00, as a Date. Only
 * instants between 1970 and the end of 9999 UTC pass (anything else is malformed: 400 naming the
 * field), so an offset can never carry a date past what Postgres and the API can store and print.
 */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2027-03-14T19:30:00Z' })
  .transform((value) => new Date(value))
  .refine(isStorableInstant, {
    message: `must be an instant from ${MIN_INSTANT.toISOString()} to ${MAX_INSTANT.toISOString()}`,
  });
