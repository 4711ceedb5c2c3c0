import { MAX_PRICE_MINOR_UNITS } from '../../src/domain/shared/money';
import {
  evolveSupportContract,
  initialSupportContractState,
  type SupportContractState,
} from '../../src/domain/support-contracts/support-contract';
import {
  createSupportContract,
  retireSupportContract,
  reviseSupportContract,
} from '../../src/domain/support-contracts/support-contract-decisions';
import type {
  SupportContractEvent,
  SupportContractTerms,
} from '../../src/domain/support-contracts/support-contract-events';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const given = (...events: SupportContractEvent[]): SupportContractState =>
  events.reduce(evolveSupportContract, initialSupportContractState());
const terms: SupportContractTerms = {
  name: 'Business',
  description: 'Phone and email support on working days',
  monthlyPrice: { amount: 9900, currency: 'EUR' },
  responseTimeHours: 8,
};
const created: SupportContractEvent = {
  type: 'SupportContractCreated',
  data: { contractId: 'c1', code: 'BUSINESS', ...terms, createdBy: 'admin-1', createdAt: now.toISOString() },
};
const retired: SupportContractEvent = {
  type: 'SupportContractRetired',
  data: { contractId: 'c1', retiredBy: 'admin-1', retiredAt: now.toISOString() },
};
const create = (state: SupportContractState, overrides: Partial<SupportContractTerms> = {}, code = 'BUSINESS') =>
  createSupportContract(state, {
    contractId: 'c1',
    code,
    terms: { ...terms, ...overrides },
    createdBy: 'admin-1',
    now,
  });
const revise = (state: SupportContractState, changes: Partial<SupportContractTerms>) =>
  reviseSupportContract(state, { changes, revisedBy: 'admin-2', now });

// Every way a term can break its rule, with the code that names the field.
const INVALID_TERMS: Array<[string, Partial<SupportContractTerms>, string]> = [
  ['an empty name', { name: '' }, 'invalid_support_contract_name'],
  ['a blank name', { name: '   ' }, 'invalid_support_contract_name'],
  ['a name over 100 characters', { name: 'x'.repeat(101) }, 'invalid_support_contract_name'],
  ['a description over 2000 characters', { description: 'd'.repeat(2001) }, 'invalid_support_contract_description'],
  ['a negative price', { monthlyPrice: { amount: -1, currency: 'EUR' } }, 'invalid_monthly_price'],
  ['a fractional price', { monthlyPrice: { amount: 99.5, currency: 'EUR' } }, 'invalid_monthly_price'],
  [
    'a price over the maximum',
    { monthlyPrice: { amount: MAX_PRICE_MINOR_UNITS + 1, currency: 'EUR' } },
    'invalid_monthly_price',
  ],
  ['a price that is not a number', { monthlyPrice: { amount: Number.NaN, currency: 'EUR' } }, 'invalid_monthly_price'],
  ['a lower-case currency', { monthlyPrice: { amount: 100, currency: 'eur' } }, 'invalid_currency'],
  ['an unknown currency', { monthlyPrice: { amount: 100, currency: 'ABC' } }, 'invalid_currency'],
  ['zero response hours', { responseTimeHours: 0 }, 'invalid_response_time'],
  ['more than a week of response hours', { responseTimeHours: 169 }, 'invalid_response_time'],
  ['fractional response hours', { responseTimeHours: 1.5 }, 'invalid_response_time'],
];

describe('support contract decider', () => {
  describe('createSupportContract', () => {
    it('records the contract with its code, terms and who created it', () => {
      expect(create(given())).toEqual([created]);
    });

    it('trims name and description and accepts the boundaries', () => {
      const edge = {
        name: `  ${'n'.repeat(100)} `,
        description: ` ${'d'.repeat(2000)} `,
        monthlyPrice: { amount: MAX_PRICE_MINOR_UNITS, currency: 'JPY' },
        responseTimeHours: 168,
      };
      const [event] = create(given(), edge, `A${'9'.repeat(31)}`);
      expect(event.data).toMatchObject({
        code: `A${'9'.repeat(31)}`,
        name: 'n'.repeat(100),
        description: 'd'.repeat(2000),
        monthlyPrice: edge.monthlyPrice,
        responseTimeHours: 168,
      });
      const [free] = create(given(), {
        monthlyPrice: { amount: 0, currency: 'EUR' },
        responseTimeHours: 1,
        description: '',
      });
      expect(free.data).toMatchObject({
        monthlyPrice: { amount: 0, currency: 'EUR' },
        responseTimeHours: 1,
        description: '',
      });
    });

    it.each(INVALID_TERMS)('refuses %s with 422 naming the field', (_, broken, code) => {
      expect(refusal(() => create(given(), broken))).toMatchObject({ kind: 'invalid', code });
    });

    it.each([
      ['lower case', 'business'],
      ['one character', 'B'],
      ['33 characters', 'B'.repeat(33)],
      ['a leading dash', '-GOLD'],
      ['a space', 'GOLD PLUS'],
      ['a dot', 'GOLD.1'],
    ])('refuses a code with %s', (_, code) => {
      expect(refusal(() => create(given(), {}, code))).toMatchObject({
        kind: 'invalid',
        code: 'invalid_support_contract_code',
      });
    });

    it('accepts codes with digits, dashes and underscores', () => {
      for (const code of ['24-7', 'GOLD_PLUS', '9X', 'A-B_C']) expect(create(given(), {}, code)).toHaveLength(1);
    });

    it('refuses a code in use, even by a retired contract', () => {
      expect(refusal(() => create(given(created)))).toMatchObject({
        kind: 'conflict',
        code: 'support_contract_exists',
      });
      expect(refusal(() => create(given(created, retired)))).toMatchObject({
        kind: 'conflict',
        code: 'support_contract_exists',
      });
    });
  });

  describe('reviseSupportContract', () => {
    it('records only the terms that change', () => {
      const events = revise(given(created), {
        name: 'Business',
        monthlyPrice: { amount: 10900, currency: 'EUR' },
        responseTimeHours: 4,
      });
      expect(events).toEqual([
        {
          type: 'SupportContractRevised',
          data: {
            contractId: 'c1',
            changes: { monthlyPrice: { amount: 10900, currency: 'EUR' }, responseTimeHours: 4 },
            revisedBy: 'admin-2',
            revisedAt: now.toISOString(),
          },
        },
      ]);
      expect(given(created, ...events).terms).toEqual({
        ...terms,
        monthlyPrice: { amount: 10900, currency: 'EUR' },
        responseTimeHours: 4,
      });
    });

    it('sees a price in another currency as a change', () => {
      const [event] = revise(given(created), { monthlyPrice: { amount: 9900, currency: 'USD' } });
      expect(event.data).toMatchObject({ changes: { monthlyPrice: { amount: 9900, currency: 'USD' } } });
    });

    it('writes nothing for a revision that changes nothing (after trimming)', () => {
      expect(revise(given(created), { ...terms, name: `  ${terms.name}  ` })).toEqual([]);
      expect(revise(given(created), { monthlyPrice: { ...terms.monthlyPrice } })).toEqual([]);
    });

    it.each(INVALID_TERMS)('refuses %s', (_, broken, code) => {
      expect(refusal(() => revise(given(created), broken))).toMatchObject({ kind: 'invalid', code });
    });

    it('refuses an unknown contract with 404 and a retired one with 409, even when nothing would change', () => {
      expect(refusal(() => revise(given(), { name: 'Gold' }))).toMatchObject({
        kind: 'not_found',
        code: 'support_contract_not_found',
      });
      expect(refusal(() => revise(given(created, retired), { name: 'Gold' }))).toMatchObject({
        kind: 'conflict',
        code: 'support_contract_retired',
      });
      expect(refusal(() => revise(given(created, retired), { name: terms.name }))).toMatchObject({
        code: 'support_contract_retired',
      });
    });
  });

  describe('retireSupportContract', () => {
    it('retires an active contract once', () => {
      expect(retireSupportContract(given(created), { retiredBy: 'admin-1', now })).toEqual([retired]);
      expect(given(created, retired).retired).toBe(true);
    });

    it('refuses to retire twice (409) or an unknown contract (404)', () => {
      expect(refusal(() => retireSupportContract(given(created, retired), { retiredBy: 'a', now }))).toMatchObject({
        kind: 'conflict',
        code: 'support_contract_retired',
      });
      expect(refusal(() => retireSupportContract(given(), { retiredBy: 'a', now }))).toMatchObject({
        kind: 'not_found',
        code: 'support_contract_not_found',
      });
    });
  });
});
