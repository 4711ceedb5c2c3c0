import { formatTable } from '../report';

/** One line of the checkout report: one way of checking out under one steady offered load. */
export interface CheckoutRow {
  kind: 'checkout';
  suite: string;
  /** `noop` (the floor) or `checkout`. */
  scenario: string;
  target: string;
  /** Activities each workflow runs. */
  activities: number;
  offeredPerSec: number;
  durationSec: number;
  /** Requests sent in the measured window; every one must have been answered 2xx. */
  requests: number;
  /** Latency of the POST, from the moment it was due (open loop) to its answer. */
  postP50Ms: number;
  postP99Ms: number;
  /** Workflows that completed. */
  completed: number;
  /** Completions per second, from the first completion to the last. */
  completedPerSec: number;
  /** From the moment the POST was due to the workflow's close (for the checkout: order Fulfilled). */
  e2eP50Ms: number;
  e2eP99Ms: number;
  /** This row ÷ the no-op row; absent on the no-op row. */
  ratio?: { completedPerSec: number; postP50: number; e2eP50: number };
}

/** The hot concert: many more buyers than tickets, all at once. */
export interface HotConcertRow {
  kind: 'hot-concert';
  suite: string;
  buyers: number;
  tickets: number;
  /** Requests in flight at most. */
  concurrency: number;
  held201: number;
  soldOut409: number;
  /** Any other final answer (or socket error); any at all fails the run. */
  other: number;
  /** 503 answers (the workflow service refusing more concurrent calls) that the buyer retried. */
  retried503: number;
  /** From the start to the last 201 (the last successful hold). */
  soldOutMs: number;
  /** From the start to the last answer of any kind. */
  answeredMs: number;
  /** From the start to the last paid order's workflow closing (Fulfilled). */
  fulfilledMs: number;
  postP50Ms: number;
  postP99Ms: number;
  /** held + sold right after the last answer; must equal `tickets`. */
  heldPlusSold: number;
  /** Sold once every payment completed (held is then 0); must equal `tickets`. */
  sold: number;
}

interface Column<R> {
  header: string;
  value: (r: R) => string;
  left?: boolean;
}

const ms = (value: number) => value.toFixed(1);
const seconds = (value: number) => (value / 1000).toFixed(2);
const times = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(2));

const CHECKOUT_COLUMNS: Array<Column<CheckoutRow>> = [
  { header: 'scenario', value: (r) => `${r.suite}/${r.scenario}`, left: true },
  { header: 'target', value: (r) => r.target, left: true },
  { header: 'acts', value: (r) => String(r.activities) },
  { header: 'offered/s', value: (r) => r.offeredPerSec.toFixed(0) },
  { header: 'requests', value: (r) => String(r.requests) },
  { header: 'POST p50 ms', value: (r) => ms(r.postP50Ms) },
  { header: 'POST p99 ms', value: (r) => ms(r.postP99Ms) },
  { header: 'done', value: (r) => String(r.completed) },
  { header: 'done/s', value: (r) => r.completedPerSec.toFixed(1) },
  { header: 'e2e p50 ms', value: (r) => ms(r.e2eP50Ms) },
  { header: 'e2e p99 ms', value: (r) => ms(r.e2eP99Ms) },
  { header: 'done/s ratio', value: (r) => times(r.ratio?.completedPerSec) },
  { header: 'POST p50 ratio', value: (r) => times(r.ratio?.postP50) },
  { header: 'e2e p50 ratio', value: (r) => times(r.ratio?.e2eP50) },
];

const HOT_CONCERT_COLUMNS: Array<Column<HotConcertRow>> = [
  { header: 'scenario', value: (r) => `${r.suite}`, left: true },
  { header: 'buyers', value: (r) => String(r.buyers) },
  { header: 'tickets', value: (r) => String(r.tickets) },
  { header: 'in flight', value: (r) => String(r.concurrency) },
  { header: '201', value: (r) => String(r.held201) },
  { header: '409', value: (r) => String(r.soldOut409) },
  { header: 'other', value: (r) => String(r.other) },
  { header: '503 retried', value: (r) => String(r.retried503) },
  { header: 'sold out s', value: (r) => seconds(r.soldOutMs) },
  { header: 'answered s', value: (r) => seconds(r.answeredMs) },
  { header: 'fulfilled s', value: (r) => seconds(r.fulfilledMs) },
  { header: 'POST p50 ms', value: (r) => ms(r.postP50Ms) },
  { header: 'POST p99 ms', value: (r) => ms(r.postP99Ms) },
  { header: 'held+sold', value: (r) => String(r.heldPlusSold) },
  { header: 'sold', value: (r) => String(r.sold) },
];

const CHECKOUT_LEGEND = [
  'offered/s: open-loop POSTs per second (each leaves at its slot, whatever the earlier ones do); POST: latency',
  'from the slot to the answer; done: workflows completed; done/s: completions per second, first to last;',
  'e2e: from the slot to the workflow closing (checkout: order Fulfilled, ticket emailed); ratios: checkout ÷ no-op,',
  'the no-op being the same workflow shape with activities that do nothing, on the same Temporal server in the same run',
].join('\n');
const HOT_CONCERT_LEGEND = [
  'all buyers POST /checkout at once (1 ticket each, pm_card_visa); a 503 is retried after Retry-After with the',
  'same Idempotency-Key; POST: first send to final answer; sold out s: start to the last 201 (last successful',
  'hold); answered s: to the last answer; fulfilled s: to the last paid order completing;',
  'held+sold (right after the answers) and sold (after every payment) are read from the stock table',
].join('\n');

/** The checkout and hot-concert tables, each followed by what its columns mean. */
export function formatCheckoutSections(rows: ReadonlyArray<{ kind: string }>): string[] {
  const checkouts = rows.filter((r): r is CheckoutRow => r.kind === 'checkout');
  const hot = rows.filter((r): r is HotConcertRow => r.kind === 'hot-concert');
  const sections: string[] = [];
  if (checkouts.length > 0) sections.push(`${formatTable(CHECKOUT_COLUMNS, checkouts)}\n${CHECKOUT_LEGEND}`);
  if (hot.length > 0) sections.push(`${formatTable(HOT_CONCERT_COLUMNS, hot)}\n${HOT_CONCERT_LEGEND}`);
  return sections;
}
