import type { ValidationAnswer } from '../../application/tickets/door-validation';
import type { TicketDetailsView, TicketView } from '../../application/tickets/ticket-queries';

export const EXAMPLE_TICKET: TicketView = {
  id: '7c9e6679-7425-50de-944b-e07fc1f90ae7',
  orderId: 'b3c1d2e4-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  concertId: '3f2b8c1e-6d4a-4e9b-a7c5-0b1d2e3f4a5b',
  concertName: 'Winter Tour 2027',
  ticketLevel: 'GA',
  levelName: 'General admission',
  admission: 1,
  status: 'issued',
  voidReason: null,
  issuedAt: '2026-12-01T09:00:05.000Z',
  admittedAt: null,
  delivery: { method: 'email', status: 'sent', at: '2026-12-01T09:00:07.000Z' },
};

export const EXAMPLE_TICKET_DETAILS: TicketDetailsView = {
  ...EXAMPLE_TICKET,
  code: 'FJF6CYBM4N8DX52BW1ZW3Y8AWX37M9FFJB2R3RWRZ0',
};

export const EXAMPLE_TICKET_PAGE = { items: [EXAMPLE_TICKET], nextCursor: null };

export const EXAMPLE_VALIDATION: ValidationAnswer = {
  result: 'valid',
  concertId: '3f2b8c1e-6d4a-4e9b-a7c5-0b1d2e3f4a5b',
  ticketId: '7c9e6679-7425-50de-944b-e07fc1f90ae7',
  admittedAt: '2027-03-14T18:45:12.000Z',
  level: { code: 'GA', name: 'General admission' },
};
