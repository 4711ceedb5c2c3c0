import type { BillingMilestone, BillingRunProgress } from './billing.contract';

/**
 * What a billing run counts from its invoice workflows' milestones. Pure, so the workflow stays
 * deterministic and the counting is tested on its own.
 *
 * A child's signals may reach the run out of order (the server delivers each one on its own), so the
 * run is done only when every kind of milestone is in for every child, not when the last one arrived.
 */
export interface BillingRunTally {
  /** The run's first run id: children it started send it with their milestones. */
  runChainId: string;
  progress: BillingRunProgress;
  /** Accounts whose first charge outcome is not known yet. */
  inFlight: Set<string>;
  /** Children that failed before reporting an invoice. */
  uninvoicedErrors: number;
}

export function countMilestone(tally: BillingRunTally, m: BillingMilestone): void {
  // A child of an earlier run of this period (one that ended before its children did) still reports to
  // this workflow id: its invoice is not this run's to count.
  if (m.runChainId !== undefined && m.runChainId !== tally.runChainId) return;
  const { progress, inFlight } = tally;
  switch (m.milestone) {
    case 'invoiced':
      progress.invoiced += 1;
      return;
    case 'charged':
      inFlight.delete(m.accountId);
      if (m.outcome === 'paid') progress.paid += 1;
      else progress.failed += 1;
      return;
    case 'recovered':
      progress.paid += 1;
      progress.failed = Math.max(0, progress.failed - 1);
      return;
    case 'emailed':
      progress.emailed += 1;
      return;
    case 'uncollectible':
      progress.uncollectible += 1;
      return;
    case 'error':
      if (!m.charged) inFlight.delete(m.accountId);
      if (!m.invoiced) tally.uninvoicedErrors += 1;
      progress.errors += 1;
      return;
  }
}

/** Every started child has reported its invoice, its first charge outcome and its email (or its failure). */
export function allReported({ progress, inFlight, uninvoicedErrors }: BillingRunTally): boolean {
  return (
    inFlight.size === 0 &&
    progress.invoiced + uninvoicedErrors >= progress.started &&
    progress.emailed + progress.errors >= progress.started
  );
}
