import type { AccountEvent, AccountPackage } from '../accounts/account-events';

/**
 * The package an account pays for in `period`: the one it opened with, replaced by each scheduled
 * plan change from its `effectiveFrom` period on. A change scheduled later for the same or an earlier
 * period overrides a pending one (that is how a change is cancelled or replaced), but never a change
 * that had already taken effect before it. Undefined when the account was never opened.
 */
export function packageInForce(events: readonly AccountEvent[], period: string): AccountPackage | undefined {
  let steps: Array<{ from: string; pkg: AccountPackage }> = [];
  for (const event of events) {
    if (event.type === 'AccountOpened') {
      steps = [{ from: '', pkg: event.data.package }];
    } else if (event.type === 'AccountPlanChangeScheduled') {
      const { effectiveFrom, package: pkg } = event.data;
      steps = steps.filter((s) => s.from < effectiveFrom);
      steps.push({ from: effectiveFrom, pkg });
    }
  }
  const inForce = steps.filter((s) => s.from <= period);
  return inForce.length ? inForce[inForce.length - 1].pkg : undefined;
}
