import { z } from 'zod';
import { instantSchema } from '../common/instant';

// Shape, JSON types, size caps and instants Postgres can store only (400). Concert rules — at least
// one level, unique codes, non-negative whole prices and capacities within their caps, a known
// currency, a start in the future but not too far — are the domain's and answer 422 with a code
// naming the rule.

export const MAX_TICKET_LEVELS = 50;

const text = (max: number, example: string) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .meta({ description: `1 to ${max} characters`, example });

const startsAt = instantSchema.meta({
  description: 'When doors open: an ISO-8601 instant with a time zone, in the future (at most 5 years ahead)',
  example: '2027-03-14T19:30:00Z',
});

const ticketLevel = z.strictObject({
  code: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1 to 32 letters, digits, "-" or "_"')
    .meta({ description: 'Unique within the concert (ignoring case)', example: 'GA' }),
  name: text(100, 'General admission'),
  price: z.number().meta({ description: 'Whole minor units of the currency (cents), 0 to 10^10', example: 4500 }),
  currency: z.string().max(16).meta({ description: 'ISO-4217 code', example: 'EUR' }),
  capacity: z.number().meta({ description: 'Tickets of this level, 0 or more', example: 800 }),
});

const ticketLevels = z
  .array(ticketLevel)
  .max(MAX_TICKET_LEVELS)
  .meta({
    description: `1 to ${MAX_TICKET_LEVELS} ticket levels; their capacities count against the account's totalSeats`,
  });

const EXAMPLE_LEVELS = [
  { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 800 },
  { code: 'VIP', name: 'VIP balcony', price: 12000, currency: 'EUR', capacity: 50 },
];
const EXAMPLE_DETAILS = {
  name: 'Winter Tour 2027',
  artist: 'The Examples',
  venue: 'Columbiahalle',
  city: 'Berlin',
  startsAt: '2027-03-14T19:30:00Z',
};

export const scheduleConcertSchema = z
  .strictObject({
    name: text(200, EXAMPLE_DETAILS.name),
    artist: text(200, EXAMPLE_DETAILS.artist),
    venue: text(200, EXAMPLE_DETAILS.venue),
    city: text(100, EXAMPLE_DETAILS.city),
    startsAt,
    ticketLevels,
  })
  .meta({ example: { ...EXAMPLE_DETAILS, ticketLevels: EXAMPLE_LEVELS } });

export const changeConcertDetailsSchema = scheduleConcertSchema
  .omit({ ticketLevels: true })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, {
    message: 'give at least one of name, artist, venue, city, startsAt',
  })
  .meta({ example: { venue: 'Tempodrom', startsAt: '2027-03-15T19:30:00Z' } });

export const changeTicketLevelsSchema = z
  .strictObject({ ticketLevels })
  .meta({ example: { ticketLevels: [{ ...EXAMPLE_LEVELS[0], capacity: 900 }, EXAMPLE_LEVELS[1]] } });

export const cancelConcertSchema = z
  .strictObject({
    reason: z.string().trim().min(1, 'must not be empty').max(500).optional().meta({ example: 'The artist is ill' }),
  })
  .default({})
  .meta({ example: { reason: 'The artist is ill' } });

const filterDate = (what: string) => instantSchema.optional().meta({ description: what });

export const listConcertsQuerySchema = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    artist: z.string().trim().min(1).max(200).optional(),
    city: z.string().trim().min(1).max(100).optional(),
    from: filterDate('Concerts starting at or after this instant'),
    to: filterDate('Concerts starting before this instant'),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });

export type ScheduleConcertBody = z.output<typeof scheduleConcertSchema>;
export type ChangeConcertDetailsBody = z.output<typeof changeConcertDetailsSchema>;
export type ChangeTicketLevelsBody = z.output<typeof changeTicketLevelsSchema>;
export type CancelConcertBody = z.output<typeof cancelConcertSchema>;
export type ListConcertsQuery = z.output<typeof listConcertsQuerySchema>;
