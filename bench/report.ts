import { formatBillingRunSection } from './support/billing-run-rows';
import { formatCheckoutSections } from './support/checkout-rows';
import { formatSupportIntakeSections } from './support/support-intake-rows';
import type { AppendRow, BenchRow, HttpRow } from './types';

interface Column<R> {
  header: string;
  value: (r: R) => string;
  left?: boolean;
}

const ratio = (r: { ratio?: number }): string => (r.ratio === undefined ? '-' : r.ratio.toFixed(2));

const APPEND_COLUMNS: Array<Column<AppendRow>> = [
  { header: 'scenario', value: (r) => `${r.suite}/${r.scenario}`, left: true },
  { header: 'impl', value: (r) => r.impl, left: true },
  { header: 'writers', value: (r) => String(r.writers) },
  { header: 'appends', value: (r) => String(r.ops) },
  { header: 'events', value: (r) => String(r.events) },
  { header: 'conflicts', value: (r) => String(r.conflicts) },
  { header: 'events/s', value: (r) => r.eventsPerSec.toFixed(0) },
  { header: 'p50 ms', value: (r) => r.p50Ms.toFixed(2) },
  { header: 'p99 ms', value: (r) => r.p99Ms.toFixed(2) },
  { header: 'ratio', value: ratio },
];

const HTTP_COLUMNS: Array<Column<HttpRow>> = [
  { header: 'scenario', value: (r) => `${r.suite}/${r.scenario}`, left: true },
  { header: 'target', value: (r) => r.target, left: true },
  { header: 'conns', value: (r) => String(r.connections) },
  { header: 'requests', value: (r) => String(r.requests) },
  { header: 'req/s', value: (r) => r.requestsPerSec.toFixed(0) },
  { header: 'p50 ms', value: (r) => r.p50Ms.toFixed(2) },
  { header: 'p99 ms', value: (r) => r.p99Ms.toFixed(2) },
  { header: 'non-2xx', value: (r) => String(r.non2xx) },
  { header: 'errors', value: (r) => String(r.errors) },
  { header: 'ratio', value: ratio },
];

const APPEND_LEGEND =
  'ratio: events/s of the row divided by events/s of its raw pg baseline (same rows, writers, connections)';
const HTTP_LEGEND =
  'ratio: req/s of the row divided by req/s of GET /ping, a trivial NestJS endpoint in the same process and run';

/** One table per kind of row present, each followed by what its ratio column means. */
export function formatReport(rows: readonly BenchRow[]): string {
  const appends = rows.filter((r): r is AppendRow => r.kind === 'append');
  const http = rows.filter((r): r is HttpRow => r.kind === 'http');
  const sections: string[] = [];
  if (appends.length > 0) sections.push(`${formatTable(APPEND_COLUMNS, appends)}\n${APPEND_LEGEND}`);
  if (http.length > 0) sections.push(`${formatTable(HTTP_COLUMNS, http)}\n${HTTP_LEGEND}`);
  sections.push(...formatCheckoutSections(rows));
  sections.push(...formatBillingRunSection(rows));
  sections.push(...formatSupportIntakeSections(rows));
  return sections.join('\n\n');
}

/** Fixed-width text table: names left-aligned, figures right-aligned so digits line up. */
export function formatTable<R>(columns: ReadonlyArray<Column<R>>, rows: readonly R[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (columns[i].left ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}
