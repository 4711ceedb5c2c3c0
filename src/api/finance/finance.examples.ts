// Example answers for the OpenAPI document.

export const EXAMPLE_PAYMENT = {
  id: '0b6f7c1e-3d2a-5e4f-8a9b-1c2d3e4f5a6b',
  orderId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  amount: 9000,
  currency: 'EUR',
  status: 'Succeeded',
  intentId: 'pi_3OqExample',
  failureCode: null,
  failureMessage: null,
  refundId: null,
  refundedAmount: 0,
  requestedAt: '2026-11-21T15:02:11.120Z',
  updatedAt: '2026-11-21T15:02:12.480Z',
};

export const EXAMPLE_PAYMENT_PAGE = { items: [EXAMPLE_PAYMENT], nextCursor: null };

export const EXAMPLE_INVOICE = {
  id: '5c4d3e2f-1a0b-5c9d-8e7f-6a5b4c3d2e1f',
  number: 'BOP-2026-5C4D3E2F',
  orderId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  lines: [
    {
      concertId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
      concertName: 'Winter Tour 2027',
      ticketLevel: 'GA',
      levelName: 'General admission',
      quantity: 2,
      unitPrice: 4500,
      amount: 9000,
    },
  ],
  total: 9000,
  currency: 'EUR',
  billingInfo: { name: 'Fan', email: 'fan@example.com' },
  issuedAt: '2026-11-21T15:02:13.001Z',
};

export const EXAMPLE_INVOICE_PAGE = { items: [EXAMPLE_INVOICE], nextCursor: null };

export const EXAMPLE_FINANCIAL_SUMMARY = {
  currencies: [
    {
      currency: 'EUR',
      ongoing: { count: 1, amount: 4500 },
      completed: { count: 2, amount: 21000 },
      refunds: { count: 1, amount: 9000 },
      totalSpent: 21000,
    },
  ],
};
