import { evolvePlan, initialPlanState, type PlanState } from '../../src/domain/accounts/plan';
import { createPlan, retirePlan, updatePlan } from '../../src/domain/accounts/plan-decisions';
import type { PlanEvent, PlanTerms } from '../../src/domain/accounts/plan-events';
import { checkPlanTerms } from '../../src/domain/accounts/plan-terms';
import { MAX_PRICE_MINOR_UNITS } from '../../src/domain/shared/money';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const given = (...events: PlanEvent[]): PlanState => events.reduce(evolvePlan, initialPlanState());
const terms: PlanTerms = { name: 'Club', monthlyPrice: 4900, currency: 'EUR', userLimit: 3, totalSeats: 2000 };
const created: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: 'p1', ...terms, createdBy: 'admin-1', createdAt: now.toISOString() },
};
const retired: PlanEvent = {
  type: 'PlanRetired',
  data: { planId: 'p1', retiredBy: 'admin-1', retiredAt: now.toISOString() },
};

// Every way a term can break its rule, with the code that names the field.
const INVALID_TERMS: Array<[string, Partial<PlanTerms>, string]> = [
  ['an empty name', { name: '' }, 'invalid_plan_name'],
  ['a blank name', { name: '   ' }, 'invalid_plan_name'],
  ['a name over 100 characters', { name: 'x'.repeat(101) }, 'invalid_plan_name'],
  ['a negative price', { monthlyPrice: -1 }, 'invalid_monthly_price'],
  ['a fractional price', { monthlyPrice: 49.5 }, 'invalid_monthly_price'],
  ['a price beyond safe integers', { monthlyPrice: 2 ** 53 }, 'invalid_monthly_price'],
  ['a price that is not a number', { monthlyPrice: Number.NaN }, 'invalid_monthly_price'],
  ['a lower-case currency', { currency: 'eur' }, 'invalid_currency'],
  ['an unknown currency', { currency: 'ABC' }, 'invalid_currency'],
  ['a currency that is not three letters', { currency: 'EURO' }, 'invalid_currency'],
  ['a user limit of zero', { userLimit: 0 }, 'invalid_user_limit'],
  ['a fractional user limit', { userLimit: 2.5 }, 'invalid_user_limit'],
  ['a negative seat count', { totalSeats: -10 }, 'invalid_total_seats'],
  ['zero seats', { totalSeats: 0 }, 'invalid_total_seats'],
  ['a fractional seat count', { totalSeats: 10.1 }, 'invalid_total_seats'],
];

describe('plan decider', () => {
  describe('createPlan', () => {
    it('records the plan with its terms and who created it', () => {
      expect(createPlan(given(), { planId: 'p1', terms, createdBy: 'admin-1', now })).toEqual([created]);
    });
    it('trims the name and accepts the boundaries: 100 characters, a free plan, one member, one seat', () => {
      const edge = { name: `  ${'n'.repeat(100)} `, monthlyPrice: 0, currency: 'JPY', userLimit: 1, totalSeats: 1 };
      const [event] = createPlan(given(), { planId: 'p1', terms: edge, createdBy: 'a', now });
      expect(event.data).toMatchObject({ ...edge, name: 'n'.repeat(100) });
    });
    it.each(INVALID_TERMS)('refuses %s with 422', (_, broken, code) => {
      expect(
        refusal(() => createPlan(given(), { planId: 'p1', terms: { ...terms, ...broken }, createdBy: 'a', now })),
      ).toMatchObject({ kind: 'invalid', code });
    });
    it('names the field in the refusal', () => {
      expect(
        refusal(() => createPlan(given(), { planId: 'p1', terms: { ...terms, monthlyPrice: -5 }, createdBy: 'a', now }))
          .message,
      ).toMatch(/^monthlyPrice /);
    });
    it('refuses to create the same plan twice', () => {
      expect(refusal(() => createPlan(given(created), { planId: 'p1', terms, createdBy: 'a', now }))).toMatchObject({
        kind: 'conflict',
        code: 'plan_exists',
      });
    });
  });

  describe('updatePlan', () => {
    it('records only the fields that change', () => {
      const events = updatePlan(given(created), {
        changes: { name: ' Club ', monthlyPrice: 5900, userLimit: 5 },
        updatedBy: 'admin-2',
        now,
      });
      expect(events).toEqual([
        {
          type: 'PlanUpdated',
          data: {
            planId: 'p1',
            changes: { monthlyPrice: 5900, userLimit: 5 },
            updatedBy: 'admin-2',
            updatedAt: now.toISOString(),
          },
        },
      ]);
      expect(given(created, ...events).terms).toEqual({ ...terms, monthlyPrice: 5900, userLimit: 5 });
    });
    it('is a no-op when nothing changes', () => {
      expect(
        updatePlan(given(created), { changes: { currency: 'EUR', totalSeats: 2000 }, updatedBy: 'a', now }),
      ).toEqual([]);
    });
    it.each(INVALID_TERMS)('refuses %s with 422', (_, broken, code) => {
      expect(refusal(() => updatePlan(given(created), { changes: broken, updatedBy: 'a', now }))).toMatchObject({
        kind: 'invalid',
        code,
      });
    });
    it('refuses to change a retired plan with 409', () => {
      expect(
        refusal(() => updatePlan(given(created, retired), { changes: { monthlyPrice: 1 }, updatedBy: 'a', now })),
      ).toMatchObject({ kind: 'conflict', code: 'plan_retired' });
    });
    it('refuses an unknown plan', () => {
      expect(refusal(() => updatePlan(given(), { changes: { monthlyPrice: 1 }, updatedBy: 'a', now }))).toMatchObject({
        kind: 'not_found',
        code: 'plan_not_found',
      });
    });
  });

  describe('retirePlan', () => {
    it('records the retirement', () => {
      expect(retirePlan(given(created), { retiredBy: 'admin-1', now })).toEqual([retired]);
      expect(given(created, retired).retired).toBe(true);
    });
    it('refuses to retire a plan twice with 409', () => {
      expect(refusal(() => retirePlan(given(created, retired), { retiredBy: 'a', now }))).toMatchObject({
        kind: 'conflict',
        code: 'plan_retired',
      });
    });
    it('refuses an unknown plan', () => {
      expect(refusal(() => retirePlan(given(), { retiredBy: 'a', now }))).toMatchObject({
        kind: 'not_found',
        code: 'plan_not_found',
      });
    });
  });
});

describe('plan prices stay exact', () => {
  it('refuses a monthly price above the cap, accepts the cap itself', () => {
    const terms = { name: 'Huge', monthlyPrice: MAX_PRICE_MINOR_UNITS, currency: 'EUR', userLimit: 1, totalSeats: 1 };
    expect(() => checkPlanTerms(terms)).not.toThrow();
    expect(refusal(() => checkPlanTerms({ ...terms, monthlyPrice: MAX_PRICE_MINOR_UNITS + 1 }))).toMatchObject({
      kind: 'invalid',
      code: 'price_too_large',
    });
  });
});
