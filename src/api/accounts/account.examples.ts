// Example bodies for the OpenAPI documentation of plans and accounts.

export const EXAMPLE_PACKAGE = {
  planId: '5b0c4d8e-2f7a-4c1e-9b3d-6a8f0e1c2d34',
  planName: 'Club',
  monthlyPrice: 4900,
  currency: 'EUR',
  userLimit: 5,
  totalSeats: 2000,
};

export const EXAMPLE_PLAN = {
  id: EXAMPLE_PACKAGE.planId,
  name: 'Club',
  monthlyPrice: 4900,
  currency: 'EUR',
  userLimit: 5,
  totalSeats: 2000,
  status: 'active',
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  retiredAt: null,
};

export const EXAMPLE_MEMBER = {
  userId: '0d6f3a9e-8c2b-4e71-a5d4-3f9b7c1e2a60',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'owner',
};

export const EXAMPLE_PLAN_CHANGE = {
  package: { ...EXAMPLE_PACKAGE, planName: 'Arena', monthlyPrice: 9900, userLimit: 20, totalSeats: 20000 },
  effectiveFrom: '2026-12',
  scheduledAt: '2026-11-21T10:00:00.000Z',
};

export const EXAMPLE_ACCOUNT = {
  id: '9a1e5c7b-3d2f-4b8a-8e6c-1f0d2b4a6c8e',
  name: 'Blue Note Promotions',
  package: EXAMPLE_PACKAGE,
  members: [EXAMPLE_MEMBER],
  seatsInUse: 800,
  scheduledPlanChange: EXAMPLE_PLAN_CHANGE,
  openedAt: '2026-11-21T10:00:00.000Z',
};
