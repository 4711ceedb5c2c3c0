import { refuse } from '../shared/errors';
import { seatsInUse, type AccountState } from './account';
import { MEMBER_ROLES, type AccountEvent, type AccountPackage, type MemberRole } from './account-events';
import { nextBillingPeriod } from './billing-period';

// Deciders for organizer accounts: given the account's state and a command, the events that follow
// (or a refusal). Who may ask is checked before (AccountAccess); these enforce the business rules.

export const ACCOUNT_NAME_MAX_LENGTH = 100;

export function openAccount(
  state: AccountState,
  cmd: { accountId: string; name: string; package: AccountPackage; ownerId: string; now: Date },
): AccountEvent[] {
  if (state.opened) return refuse('conflict', 'account_exists', 'Account already exists');
  const name = cmd.name.trim();
  if (name.length < 1 || name.length > ACCOUNT_NAME_MAX_LENGTH) {
    return refuse('invalid', 'invalid_account_name', `name must be 1 to ${ACCOUNT_NAME_MAX_LENGTH} characters`);
  }
  const { accountId, ownerId } = cmd;
  return [
    {
      type: 'AccountOpened',
      data: { accountId, name, package: { ...cmd.package }, ownerId, openedAt: cmd.now.toISOString() },
    },
  ];
}

/** Members never exceed the package's userLimit, nor the limit of a plan change already scheduled. */
export function addMember(
  state: AccountState,
  cmd: { userId: string; role: MemberRole; addedBy: string; now: Date },
): AccountEvent[] {
  const { accountId, pkg } = requireAccount(state);
  if (!MEMBER_ROLES.includes(cmd.role)) {
    return refuse('invalid', 'invalid_member_role', `role must be one of: ${MEMBER_ROLES.join(', ')}`);
  }
  if (state.members[cmd.userId])
    return refuse('conflict', 'already_member', 'User is already a member of this account');
  const count = Object.keys(state.members).length;
  if (count >= pkg.userLimit) {
    return refuse('invalid', 'member_limit_reached', `This account's plan allows ${members(pkg.userLimit)}`);
  }
  const scheduled = state.scheduledChange;
  if (scheduled && count >= scheduled.package.userLimit) {
    return refuse(
      'invalid',
      'member_limit_reached',
      `The plan change scheduled from ${scheduled.effectiveFrom} allows ${members(scheduled.package.userLimit)}`,
    );
  }
  return [
    {
      type: 'AccountMemberAdded',
      data: { accountId, userId: cmd.userId, role: cmd.role, addedBy: cmd.addedBy, addedAt: cmd.now.toISOString() },
    },
  ];
}

/** An account always keeps at least one owner. */
export function removeMember(
  state: AccountState,
  cmd: { userId: string; removedBy: string; now: Date },
): AccountEvent[] {
  const { accountId } = requireAccount(state);
  const role = state.members[cmd.userId];
  if (!role) return refuse('not_found', 'member_not_found', 'User is not a member of this account');
  const owners = Object.values(state.members).filter((r) => r === 'owner').length;
  if (role === 'owner' && owners === 1) {
    return refuse('invalid', 'last_owner', 'The last owner of an account cannot be removed');
  }
  return [
    {
      type: 'AccountMemberRemoved',
      data: { accountId, userId: cmd.userId, removedBy: cmd.removedBy, removedAt: cmd.now.toISOString() },
    },
  ];
}

/**
 * Schedules a move to another plan from the next billing period. The account must already fit the
 * new package. Choosing the current plan again while a change is pending cancels that change by
 * scheduling the account's own package, so plan edits made since never leak into it.
 */
export function schedulePlanChange(
  state: AccountState,
  cmd: { package: AccountPackage; scheduledBy: string; now: Date },
): AccountEvent[] {
  const { accountId, pkg: current } = requireAccount(state);
  const scheduled = state.scheduledChange;
  const staying = cmd.package.planId === current.planId;
  if (staying && !scheduled) return refuse('invalid', 'plan_unchanged', 'The account is already on this plan');
  const pkg = staying ? current : { ...cmd.package };
  const effectiveFrom = nextBillingPeriod(cmd.now);
  if (scheduled && scheduled.effectiveFrom === effectiveFrom && samePackage(scheduled.package, pkg)) return [];

  const memberCount = Object.keys(state.members).length;
  const seats = seatsInUse(state, cmd.now);
  const tooLow: Array<[string, string]> = [];
  if (memberCount > pkg.userLimit) {
    tooLow.push([
      'plan_user_limit_too_low',
      `the new plan allows ${members(pkg.userLimit)} but the account has ${memberCount}`,
    ]);
  }
  if (seats > pkg.totalSeats) {
    tooLow.push([
      'plan_total_seats_too_low',
      `the new plan allows ${pkg.totalSeats} seats on sale but the account's concerts hold ${seats}`,
    ]);
  }
  if (tooLow.length > 0) {
    const detail = tooLow.map(([, reason]) => reason).join('; ');
    return refuse('invalid', tooLow[0][0], detail.charAt(0).toUpperCase() + detail.slice(1));
  }
  return [
    {
      type: 'AccountPlanChangeScheduled',
      data: {
        accountId,
        package: pkg,
        effectiveFrom,
        scheduledBy: cmd.scheduledBy,
        scheduledAt: cmd.now.toISOString(),
      },
    },
  ];
}

function requireAccount(state: AccountState): { accountId: string; pkg: AccountPackage } {
  if (!state.opened || !state.accountId || !state.package) {
    return refuse('not_found', 'account_not_found', 'Account not found');
  }
  return { accountId: state.accountId, pkg: state.package };
}

const members = (n: number): string => `${n} ${n === 1 ? 'member' : 'members'}`;

const samePackage = (a: AccountPackage, b: AccountPackage): boolean =>
  a.planId === b.planId &&
  a.planName === b.planName &&
  a.monthlyPrice === b.monthlyPrice &&
  a.currency === b.currency &&
  a.userLimit === b.userLimit &&
  a.totalSeats === b.totalSeats;
