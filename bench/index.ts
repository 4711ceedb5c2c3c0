import { cpus, loadavg } from 'node:os';
import { billingRunBench } from './billing-run';
import { benchDatabaseUrl, QUICK } from './config';
import { prepareDatabase } from './database';
import { catalogHttpBench } from './catalog-http.bench';
import { checkoutBench } from './checkout';
import { eventStoreBench } from './event-store.bench';
import { hotConcertBench } from './hot-concert';
import { formatReport } from './report';
import { supportIntakeBench } from './support-intake';
import type { BenchEntry, BenchRow } from './types';

// New suites are added here; they run in this order against the same prepared database.
const ENTRIES: BenchEntry[] = [
  eventStoreBench,
  catalogHttpBench,
  checkoutBench,
  hotConcertBench,
  billingRunBench,
  supportIntakeBench,
];

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl();
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  await prepareDatabase(databaseUrl);
  const startedAt = new Date().toISOString();
  // Recorded so figures from a machine busy with other work can be told apart later.
  const host = { cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) };
  const results: BenchRow[] = [];
  for (const entry of ENTRIES) {
    if (only && !only.includes(entry.name)) continue;
    process.stderr.write(`bench: running ${entry.name}${QUICK ? ' (quick)' : ''}\n`);
    results.push(...(await entry.run({ databaseUrl, quick: QUICK })));
  }
  console.log(formatReport(results));
  console.log(JSON.stringify({ bench: 'boxoffice', startedAt, quick: QUICK, node: process.version, host, results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
