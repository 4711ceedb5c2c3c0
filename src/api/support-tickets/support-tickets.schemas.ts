import { z } from 'zod';
import { SUPPORT_QUEUES } from '../../domain/support-tickets/support-ticket-events';
import { SUPPORT_TICKET_LIMITS } from '../../domain/support-tickets/support-ticket-rules';
import { pageQuerySchema } from '../common/pagination';
import { uuidSchema } from '../common/uuid';

// Shape only (400); ownership of the order named is checked after (404).

const subject = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SUPPORT_TICKET_LIMITS.subjectMax)
  .meta({ description: `What the request is about (1 to ${SUPPORT_TICKET_LIMITS.subjectMax} characters)` });
const body = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(SUPPORT_TICKET_LIMITS.bodyMax)
  .meta({ description: `The text (1 to ${SUPPORT_TICKET_LIMITS.bodyMax} characters, trimmed)` });

export const submitSupportTicketSchema = z
  .strictObject({
    subject,
    body,
    orderId: uuidSchema.optional().meta({ description: 'One of your orders, if it is about one' }),
  })
  .meta({
    example: {
      subject: 'Tickets not received',
      body: 'I paid for two tickets yesterday but got no email.',
      orderId: 'b3c1d2e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    },
  });

export type SubmitSupportTicketBody = z.output<typeof submitSupportTicketSchema>;

export const supportReplySchema = z
  .strictObject({ body })
  .meta({ example: { body: 'Sorry about that: we sent your tickets again just now.' } });

export type SupportReplyBody = z.output<typeof supportReplySchema>;

export const supportQueueQuerySchema = pageQuerySchema.extend({
  status: z.enum(['open', 'answered', 'closed']).optional(),
  queue: z.enum(SUPPORT_QUEUES).optional(),
});

export type SupportQueueQueryParams = z.output<typeof supportQueueQuerySchema>;
