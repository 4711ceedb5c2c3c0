export const EXAMPLE_BILLING = {
  accountId: '0b7e2f4e-5d61-4d7a-9d5e-3f1c2a4b6c8d',
  status: 'active',
  plan: { planId: '6a1f0c9e-2b3d-4e5f-8a7b-9c0d1e2f3a4b', planName: 'Club', monthlyPrice: 4900, currency: 'EUR' },
  nextPeriod: {
    period: '2026-12',
    plan: { planId: '6a1f0c9e-2b3d-4e5f-8a7b-9c0d1e2f3a4b', planName: 'Club', monthlyPrice: 4900, currency: 'EUR' },
  },
  paymentMethod: { brand: 'visa', last4: '4242' },
  creditBalance: { credits: 1500, refundsOwed: 0, total: 1500, currency: 'EUR' },
};

export const EXAMPLE_INVOICE = {
  id: '3d5c7e9a-1b2c-5d4e-8f6a-7b8c9d0e1f2a',
  number: 'BO-2026-000123',
  period: '2026-11',
  issuedAt: '2026-12-01T02:00:04.120Z',
  subtotal: 3400,
  tax: 646,
  total: 4046,
  currency: 'EUR',
  paymentStatus: 'paid',
  paidAt: '2026-12-01T02:00:05.310Z',
  pdfAvailable: true,
  emailed: true,
};

export const EXAMPLE_INVOICE_DETAIL = {
  ...EXAMPLE_INVOICE,
  accountId: EXAMPLE_BILLING.accountId,
  taxRateBps: 1900,
  lines: [
    { kind: 'plan', description: 'Club plan, November 2026', amount: 4900 },
    { kind: 'credit', description: 'Credit: Outage on 3 November', amount: -1500 },
    { kind: 'tax', description: 'Tax 19%', amount: 646 },
  ],
  payment: { attempts: 1, failureCode: null, failureMessage: null, nextAttemptAt: null, uncollectibleAt: null },
};
