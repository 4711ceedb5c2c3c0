import type { BillingRunRow } from './support/billing-run-rows';
import type { CheckoutRow, HotConcertRow } from './support/checkout-rows';
import type { SurveyExportRow, TicketDrainRow, TicketIntakeRow } from './support/support-intake-rows';
import type { Summary } from './stats';

export interface BenchContext {
  databaseUrl: string;
  quick: boolean;
}

/** One line of the event-store report: a measured implementation at one concurrency. */
export interface AppendRow extends Summary {
  kind: 'append';
  suite: string;
  scenario: string;
  impl: string;
  writers: number;
  /** Operations rejected as conflicts (optimistic concurrency); they count in the latencies, not in events. */
  conflicts: number;
  /** events/s of this row ÷ events/s of its baseline row; absent on baseline rows. */
  ratio?: number;
}

/** One line of an HTTP report: one endpoint under a fixed number of concurrent connections for a fixed time. */
export interface HttpRow {
  kind: 'http';
  suite: string;
  scenario: string;
  /** Method and path as requested; `:id` when the run rotates over many ids. */
  target: string;
  connections: number;
  /** Responses received in the measured window. */
  requests: number;
  elapsedMs: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status outside 2xx; any at all fails the run. */
  non2xx: number;
  /** Socket errors and timeouts; any at all fails the run. */
  errors: number;
  /** requests/s of this row ÷ requests/s of the trivial endpoint; absent on the baseline row. */
  ratio?: number;
}

export type BenchRow =
  | AppendRow
  | HttpRow
  | CheckoutRow
  | HotConcertRow
  | BillingRunRow
  | SurveyExportRow
  | TicketIntakeRow
  | TicketDrainRow;

/** A benchmark suite; index.ts runs every registered one in order. */
export interface BenchEntry {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
