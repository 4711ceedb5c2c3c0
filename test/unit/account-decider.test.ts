import { evolveAccount, initialAccountState, type AccountState } from '../../src/domain/accounts/account';
import { addMember, openAccount, removeMember, schedulePlanChange } from '../../src/domain/accounts/account-decisions';
import type { AccountEvent, AccountPackage } from '../../src/domain/accounts/account-events';
import { nextBillingPeriod } from '../../src/domain/accounts/billing-period';
import { refusal } from '../support/refusal';

const now = new Date('2026-11-21T10:00:00.000Z');
const at = now.toISOString();
const given = (...events: AccountEvent[]): AccountState => events.reduce(evolveAccount, initialAccountState());
const club: AccountPackage = {
  planId: 'plan-club',
  planName: 'Club',
  monthlyPrice: 4900,
  currency: 'EUR',
  userLimit: 3,
  totalSeats: 1000,
};
const arena: AccountPackage = { ...club, planId: 'plan-arena', planName: 'Arena', userLimit: 10, totalSeats: 5000 };
const opened: AccountEvent = {
  type: 'AccountOpened',
  data: { accountId: 'a1', name: 'Blue Note', package: club, ownerId: 'owner', openedAt: at },
};
const added = (userId: string, role: 'owner' | 'staff' = 'staff'): AccountEvent => ({
  type: 'AccountMemberAdded',
  data: { accountId: 'a1', userId, role, addedBy: 'owner', addedAt: at },
});
const seats = (concertId: string, n: number, startsAt = '2026-12-24T20:00:00.000Z'): AccountEvent => ({
  type: 'ConcertSeatsAllocated',
  data: { accountId: 'a1', concertId, seats: n, startsAt, allocatedAt: at },
});
const scheduled = (pkg: AccountPackage, effectiveFrom = '2026-12'): AccountEvent => ({
  type: 'AccountPlanChangeScheduled',
  data: { accountId: 'a1', package: pkg, effectiveFrom, scheduledBy: 'owner', scheduledAt: at },
});
const notFound = { kind: 'not_found', code: 'account_not_found' };

describe('account decider', () => {
  describe('openAccount', () => {
    it("opens the account with a copy of the plan's package and the creator as owner", () => {
      const events = openAccount(given(), {
        accountId: 'a1',
        name: ' Blue Note ',
        package: club,
        ownerId: 'owner',
        now,
      });
      expect(events).toEqual([opened]);
      expect(given(...events).members).toEqual({ owner: 'owner' });
    });
    it('keeps its own copy of the package', () => {
      const pkg = { ...club };
      const [event] = openAccount(given(), { accountId: 'a1', name: 'N', package: pkg, ownerId: 'o', now });
      pkg.userLimit = 99;
      expect((event.data as { package: AccountPackage }).package.userLimit).toBe(3);
    });
    it.each([
      ['an empty name', ''],
      ['a blank name', '  '],
      ['a name over 100 characters', 'x'.repeat(101)],
    ])('refuses %s with 422', (_, name) => {
      expect(
        refusal(() => openAccount(given(), { accountId: 'a1', name, package: club, ownerId: 'o', now })),
      ).toMatchObject({ kind: 'invalid', code: 'invalid_account_name' });
    });
    it('refuses to open the same account twice', () => {
      expect(
        refusal(() => openAccount(given(opened), { accountId: 'a1', name: 'N', package: club, ownerId: 'o', now })),
      ).toMatchObject({ kind: 'conflict', code: 'account_exists' });
    });
  });

  describe('addMember', () => {
    it('adds a member with a role', () => {
      expect(addMember(given(opened), { userId: 'u1', role: 'staff', addedBy: 'owner', now })).toEqual([added('u1')]);
      expect(addMember(given(opened), { userId: 'u1', role: 'owner', addedBy: 'owner', now })).toEqual([
        added('u1', 'owner'),
      ]);
    });
    it('adds members up to the userLimit and refuses beyond it, naming the limit', () => {
      const full = given(opened, added('u1'), added('u2'));
      expect(refusal(() => addMember(full, { userId: 'u3', role: 'staff', addedBy: 'owner', now }))).toEqual({
        kind: 'invalid',
        code: 'member_limit_reached',
        message: "This account's plan allows 3 members",
      });
    });
    it('says "1 member" for a single-member plan', () => {
      const solo = given({ ...opened, data: { ...opened.data, package: { ...club, userLimit: 1 } } } as AccountEvent);
      expect(refusal(() => addMember(solo, { userId: 'u1', role: 'staff', addedBy: 'owner', now })).message).toBe(
        "This account's plan allows 1 member",
      );
    });
    it('frees a place when a member leaves', () => {
      const state = given(opened, added('u1'), added('u2'), {
        type: 'AccountMemberRemoved',
        data: { accountId: 'a1', userId: 'u1', removedBy: 'owner', removedAt: at },
      });
      expect(addMember(state, { userId: 'u3', role: 'staff', addedBy: 'owner', now })).toHaveLength(1);
    });
    it('also respects the limit of a plan change already scheduled', () => {
      const state = given(opened, scheduled({ ...club, planId: 'plan-duo', userLimit: 2 }));
      expect(addMember(state, { userId: 'u1', role: 'staff', addedBy: 'owner', now })).toHaveLength(1);
      expect(
        refusal(() =>
          addMember(given(opened, added('u1'), scheduled({ ...club, planId: 'plan-duo', userLimit: 2 })), {
            userId: 'u2',
            role: 'staff',
            addedBy: 'owner',
            now,
          }),
        ),
      ).toEqual({
        kind: 'invalid',
        code: 'member_limit_reached',
        message: 'The plan change scheduled from 2026-12 allows 2 members',
      });
    });
    it('refuses someone who is already a member with 409', () => {
      for (const userId of ['owner', 'u1']) {
        expect(
          refusal(() => addMember(given(opened, added('u1')), { userId, role: 'staff', addedBy: 'owner', now })),
        ).toMatchObject({ kind: 'conflict', code: 'already_member' });
      }
    });
    it('refuses an unknown role', () => {
      expect(
        refusal(() => addMember(given(opened), { userId: 'u1', role: 'boss' as never, addedBy: 'owner', now })),
      ).toMatchObject({ kind: 'invalid', code: 'invalid_member_role' });
    });
    it('refuses an unknown account', () => {
      expect(refusal(() => addMember(given(), { userId: 'u1', role: 'staff', addedBy: 'x', now }))).toMatchObject(
        notFound,
      );
    });
  });

  describe('removeMember', () => {
    it('removes a staff member', () => {
      const events = removeMember(given(opened, added('u1')), { userId: 'u1', removedBy: 'owner', now });
      expect(events).toEqual([
        { type: 'AccountMemberRemoved', data: { accountId: 'a1', userId: 'u1', removedBy: 'owner', removedAt: at } },
      ]);
      expect(given(opened, added('u1'), ...events).members).toEqual({ owner: 'owner' });
    });
    it('removes an owner while another owner remains', () => {
      expect(removeMember(given(opened, added('u1', 'owner')), { userId: 'owner', removedBy: 'u1', now })).toHaveLength(
        1,
      );
    });
    it('never removes the last owner, even when staff remain', () => {
      expect(
        refusal(() => removeMember(given(opened, added('u1')), { userId: 'owner', removedBy: 'owner', now })),
      ).toMatchObject({ kind: 'invalid', code: 'last_owner' });
    });
    it('refuses someone who is not a member with 404', () => {
      expect(refusal(() => removeMember(given(opened), { userId: 'u9', removedBy: 'owner', now }))).toMatchObject({
        kind: 'not_found',
        code: 'member_not_found',
      });
    });
    it('refuses an unknown account', () => {
      expect(refusal(() => removeMember(given(), { userId: 'u1', removedBy: 'x', now }))).toMatchObject(notFound);
    });
  });

  describe('schedulePlanChange', () => {
    it('schedules the new package from the next billing period', () => {
      const events = schedulePlanChange(given(opened), { package: arena, scheduledBy: 'owner', now });
      expect(events).toEqual([scheduled(arena, '2026-12')]);
      const state = given(opened, ...events);
      expect(state.package).toEqual(club);
      expect(state.scheduledChange).toEqual({ package: arena, effectiveFrom: '2026-12' });
    });
    it('refuses a plan with fewer members than the account has, naming the limit', () => {
      const state = given(opened, added('u1'), added('u2'));
      expect(
        refusal(() => schedulePlanChange(state, { package: { ...arena, userLimit: 2 }, scheduledBy: 'owner', now })),
      ).toEqual({
        kind: 'invalid',
        code: 'plan_user_limit_too_low',
        message: 'The new plan allows 2 members but the account has 3',
      });
    });
    it('refuses a plan with fewer seats than the account has on sale, naming the limit', () => {
      const state = given(opened, seats('c1', 600), seats('c2', 300));
      expect(
        refusal(() => schedulePlanChange(state, { package: { ...arena, totalSeats: 800 }, scheduledBy: 'o', now })),
      ).toEqual({
        kind: 'invalid',
        code: 'plan_total_seats_too_low',
        message: "The new plan allows 800 seats on sale but the account's concerts hold 900",
      });
    });
    it('counts only the seats of concerts that have not started', () => {
      const state = given(opened, seats('c1', 600, '2026-11-20T20:00:00.000Z'), seats('c2', 300, at));
      expect(schedulePlanChange(state, { package: { ...arena, totalSeats: 10 }, scheduledBy: 'o', now })).toHaveLength(
        1,
      );
    });
    it('counts seats allocated without a start, as recorded before starts were', () => {
      const legacy: AccountEvent = {
        type: 'ConcertSeatsAllocated',
        data: { accountId: 'a1', concertId: 'c1', seats: 900, allocatedAt: at },
      };
      expect(
        refusal(() =>
          schedulePlanChange(given(opened, legacy), { package: { ...arena, totalSeats: 800 }, scheduledBy: 'o', now }),
        ),
      ).toMatchObject({ code: 'plan_total_seats_too_low' });
    });
    it('names both limits when both are too low', () => {
      const state = given(opened, added('u1'), seats('c1', 900));
      const refused = refusal(() =>
        schedulePlanChange(state, { package: { ...arena, userLimit: 1, totalSeats: 10 }, scheduledBy: 'o', now }),
      );
      expect(refused.code).toBe('plan_user_limit_too_low');
      expect(refused.message).toMatch(/allows 1 member but .* has 2; .* allows 10 seats/);
    });
    it('accepts a plan the account exactly fits', () => {
      const state = given(opened, added('u1'), seats('c1', 900));
      expect(
        schedulePlanChange(state, { package: { ...arena, userLimit: 2, totalSeats: 900 }, scheduledBy: 'o', now }),
      ).toHaveLength(1);
    });
    it('refuses the plan the account is already on', () => {
      expect(
        refusal(() =>
          schedulePlanChange(given(opened), { package: { ...club, monthlyPrice: 1 }, scheduledBy: 'o', now }),
        ),
      ).toMatchObject({ kind: 'invalid', code: 'plan_unchanged' });
    });
    it("going back to the current plan while a change is pending schedules the account's own package", () => {
      const state = given(opened, scheduled(arena));
      const edited = { ...club, monthlyPrice: 9999 };
      expect(schedulePlanChange(state, { package: edited, scheduledBy: 'owner', now })).toEqual([scheduled(club)]);
    });
    it('is a no-op when the same change is already scheduled', () => {
      expect(schedulePlanChange(given(opened, scheduled(arena)), { package: arena, scheduledBy: 'o', now })).toEqual(
        [],
      );
    });
    it('refuses an unknown account', () => {
      expect(refusal(() => schedulePlanChange(given(), { package: arena, scheduledBy: 'o', now }))).toMatchObject(
        notFound,
      );
    });
  });

  describe('nextBillingPeriod', () => {
    it.each([
      ['2026-11-21T10:00:00.000Z', '2026-12'],
      ['2026-11-01T00:00:00.000Z', '2026-12'],
      ['2026-11-30T23:59:59.999Z', '2026-12'],
      ['2026-12-31T23:59:59.999Z', '2027-01'],
      ['2027-01-31T12:00:00.000Z', '2027-02'],
    ])('after %s is %s (UTC)', (when, period) => {
      expect(nextBillingPeriod(new Date(when))).toBe(period);
    });
  });
});
