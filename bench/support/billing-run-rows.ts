import { formatTable } from '../report';

/** One line of the billing-run report: a whole run over a number of accounts. */
export interface BillingRunRow {
  kind: 'billing-run';
  suite: string;
  scenario: string;
  accounts: number;
  /** From starting the run workflow to its result (every invoice finalized, charged, rendered and emailed). */
  wallMs: number;
  accountsPerSec: number;
  /** Runs of the workflow (1 + continue-as-new count). */
  runs: number;
  emails: number;
  /** accounts/s of this row ÷ accounts/s of the smallest run; absent on that row. */
  ratio?: number;
}

const BILLING_LEGEND = [
  'one billing run over `accounts` accounts (pm_card_visa each, stripe-mock, mail sink): wall time from the start of',
  'the run to its result, every invoice finalized (gapless number), PDF rendered, charged and emailed with its PDF;',
  'runs: workflow runs after continue-as-new; ratio: accounts/s ÷ accounts/s of the smallest run (1.00 = linear cost)',
].join('\n');

export function formatBillingRunSection(rows: ReadonlyArray<{ kind: string }>): string[] {
  const runs = rows.filter((r): r is BillingRunRow => r.kind === 'billing-run');
  if (runs.length === 0) return [];
  const table = formatTable<BillingRunRow>(
    [
      { header: 'scenario', value: (r) => `${r.suite}/${r.scenario}`, left: true },
      { header: 'accounts', value: (r) => String(r.accounts) },
      { header: 'wall s', value: (r) => (r.wallMs / 1000).toFixed(1) },
      { header: 'accounts/s', value: (r) => r.accountsPerSec.toFixed(1) },
      { header: 'runs', value: (r) => String(r.runs) },
      { header: 'emails', value: (r) => String(r.emails) },
      { header: 'ratio', value: (r) => (r.ratio === undefined ? '-' : r.ratio.toFixed(2)) },
    ],
    runs,
  );
  return [`${table}\n${BILLING_LEGEND}`];
}
