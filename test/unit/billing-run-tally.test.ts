import { allReported, countMilestone, type BillingRunTally } from '../../src/workflows/billing-run-tally';
import type { BillingMilestone } from '../../src/workflows/billing.contract';

const RUN = 'run-chain-1';

function tallyOf(accounts: string[]): BillingRunTally {
  return {
    runChainId: RUN,
    progress: {
      period: '2026-10',
      total: accounts.length,
      started: accounts.length,
      alreadyBilled: 0,
      invoiced: 0,
      paid: 0,
      failed: 0,
      emailed: 0,
      uncollectible: 0,
      errors: 0,
      phase: 'finishing',
    },
    inFlight: new Set(accounts),
    uninvoicedErrors: 0,
  };
}

const feed = (tally: BillingRunTally, milestones: BillingMilestone[]) =>
  milestones.map((m) => {
    countMilestone(tally, m);
    return allReported(tally);
  });

describe('billing run tally', () => {
  it('is complete once invoiced, charged and emailed are in, in the order sent', () => {
    const tally = tallyOf(['a']);
    expect(
      feed(tally, [
        { accountId: 'a', milestone: 'invoiced' },
        { accountId: 'a', milestone: 'charged', outcome: 'paid' },
        { accountId: 'a', milestone: 'emailed' },
      ]),
    ).toEqual([false, false, true]);
    expect(tally.progress).toMatchObject({ invoiced: 1, paid: 1, failed: 0, emailed: 1 });
  });

  it('waits for a charge outcome that arrives after the email', () => {
    const tally = tallyOf(['a', 'b']);
    expect(
      feed(tally, [
        { accountId: 'a', milestone: 'invoiced' },
        { accountId: 'b', milestone: 'invoiced' },
        { accountId: 'a', milestone: 'charged', outcome: 'paid' },
        { accountId: 'a', milestone: 'emailed' },
        { accountId: 'b', milestone: 'emailed' },
        { accountId: 'b', milestone: 'charged', outcome: 'failed' },
      ]),
    ).toEqual([false, false, false, false, false, true]);
    expect(tally.progress).toMatchObject({ paid: 1, failed: 1, emailed: 2 });
  });

  it('waits for an invoice report that arrives last', () => {
    const tally = tallyOf(['a']);
    expect(
      feed(tally, [
        { accountId: 'a', milestone: 'charged', outcome: 'paid' },
        { accountId: 'a', milestone: 'emailed' },
        { accountId: 'a', milestone: 'invoiced' },
      ]),
    ).toEqual([false, false, true]);
  });

  it('counts a child that failed before invoicing as settled, and one that failed after as waiting for its reports', () => {
    const before = tallyOf(['a']);
    expect(feed(before, [{ accountId: 'a', milestone: 'error', charged: false, invoiced: false }])).toEqual([true]);
    expect(before.progress).toMatchObject({ errors: 1, invoiced: 0 });

    const after = tallyOf(['a']);
    expect(
      feed(after, [
        { accountId: 'a', milestone: 'error', charged: true, invoiced: true },
        { accountId: 'a', milestone: 'invoiced' },
        { accountId: 'a', milestone: 'charged', outcome: 'failed' },
      ]),
    ).toEqual([false, false, true]);
    expect(after.progress).toMatchObject({ errors: 1, failed: 1 });
  });

  it('counts no report from a child of another run of the period, and still those of children that send no run', () => {
    const tally = tallyOf(['a']);
    const stray = 'run-chain-0';
    expect(
      feed(tally, [
        { accountId: 'x', milestone: 'invoiced', runChainId: stray },
        { accountId: 'a', milestone: 'invoiced', runChainId: RUN },
        { accountId: 'a', milestone: 'charged', outcome: 'paid', runChainId: RUN },
        { accountId: 'x', milestone: 'emailed', runChainId: stray },
        { accountId: 'y', milestone: 'recovered', runChainId: stray },
        { accountId: 'y', milestone: 'error', charged: true, invoiced: true, runChainId: stray },
        { accountId: 'a', milestone: 'emailed' },
      ]),
    ).toEqual([false, false, false, false, false, false, true]);
    expect(tally.progress).toMatchObject({ invoiced: 1, paid: 1, failed: 0, emailed: 1, errors: 0 });
  });
});
