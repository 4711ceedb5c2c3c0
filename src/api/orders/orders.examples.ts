const LINE = {
  concertId: '3f1c1b9e-8d7a-4c61-9a52-2f0e6f1d7a10',
  ticketLevel: 'GA',
  concertName: 'Example Live',
  levelName: 'General admission',
  quantity: 2,
  unitPrice: 4500,
  currency: 'EUR',
};

export const EXAMPLE_HOLD = {
  orderId: '0d9a4a53-5d0e-5f3a-9a57-1f7c61f1b0a2',
  status: 'TicketsHeld',
  holdExpiresAt: '2026-11-21T12:15:00.000Z',
  lines: [LINE],
  total: { amount: 9000, currency: 'EUR' },
};

const SUMMARY = {
  id: EXAMPLE_HOLD.orderId,
  status: 'Fulfilled',
  total: { amount: 9000, currency: 'EUR' },
  deliveryMethod: 'email',
  placedAt: '2026-11-21T12:00:00.000Z',
  holdExpiresAt: '2026-11-21T12:15:00.000Z',
  itemCount: 2,
};

export const EXAMPLE_ORDER_PAGE = { items: [SUMMARY], nextCursor: null };

export const EXAMPLE_ORDER = {
  ...SUMMARY,
  lines: [{ ...LINE, amount: 9000 }],
  soldOut: [],
  paidAt: '2026-11-21T12:01:00.000Z',
  closedAt: null,
  cancelReason: null,
  failureCode: null,
  payment: {
    id: '5c0b3c1e-3d52-5b8e-8f0e-0d7f2f3f4a11',
    status: 'Succeeded',
    amount: 9000,
    currency: 'EUR',
    failureCode: null,
  },
  tickets: [
    {
      id: '8a6f5e7c-9b1d-5c3e-a2f4-6b7c8d9e0f12',
      ticketLevel: 'GA',
      status: 'issued',
      delivery: { method: 'email', status: 'sent', trackingNumber: null },
    },
  ],
};
