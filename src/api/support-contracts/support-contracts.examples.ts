// Example bodies for the OpenAPI documentation of support contracts.

const CONTRACT = {
  id: '3f1c9a52-7d4e-5b8a-9c6f-2e0d4b7a1c93',
  code: 'BUSINESS',
  name: 'Business',
  description: 'Phone and email support on working days',
  monthlyPrice: { amount: 9900, currency: 'EUR' },
  responseTimeHours: 8,
};

export const EXAMPLE_CATALOG_CONTRACT = {
  ...CONTRACT,
  status: 'active',
  version: 2,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-22T09:00:00.000Z',
  retiredAt: null,
};

export const EXAMPLE_RETIRED_CONTRACT = {
  ...EXAMPLE_CATALOG_CONTRACT,
  status: 'retired',
  version: 3,
  updatedAt: '2026-11-23T09:00:00.000Z',
  retiredAt: '2026-11-23T09:00:00.000Z',
};

export const EXAMPLE_CUSTOMER_CONTRACT = CONTRACT;

export const EXAMPLE_CUSTOMER_LIST = { items: [CONTRACT], syncedAt: '2026-11-22T09:00:30.000Z' };

export const EXAMPLE_TRIGGERED_SYNC = { scheduleId: 'support-contracts-sync', requestedAt: '2026-11-22T09:00:05.000Z' };
