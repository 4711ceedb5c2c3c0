import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** One POST: its own headers (token, Idempotency-Key) and JSON body. */
export interface PostRequest {
  headers: Record<string, string>;
  body: unknown;
}

/**
 * How the requests are sent. `rate`: open loop, request i leaves at start + i / perSec whatever
 * the earlier ones are doing. `burst`: all at once, at most `concurrency` in flight.
 */
export type LoadMode = { kind: 'rate'; perSec: number } | { kind: 'burst'; concurrency: number };

export interface PostLoadSpec {
  url: string;
  requests: PostRequest[];
  mode: LoadMode;
  /**
   * Tries a request this often in all when it is answered 503, after the Retry-After the API sends,
   * with the same headers (so the same Idempotency-Key), as a well-behaved client would. 1: no retry.
   */
  attemptsOn503?: number;
}

/** One answer; times are epoch milliseconds (fractional), comparable with the server's clock. */
export interface PostResult {
  /** When the request was due: its slot in `rate` mode, the start in `burst` mode. */
  dueAt: number;
  /** When it was first sent. */
  sentAt: number;
  answeredAt: number;
  /** Of the last answer; 0 when no HTTP answer came (socket error). */
  status: number;
  /** Requests sent for this one: 1 unless it was answered 503 and retried. */
  attempts: number;
  /** `orderId` of a JSON answer, when it has one. */
  orderId?: string;
  /** `code` of a problem+json answer (e.g. sold_out). */
  code?: string;
  /** The start of the answer (or the error) for anything but 2xx, to say what went wrong. */
  problem?: string;
}

export interface PostLoadOutcome {
  /** In the order of the requests. */
  results: PostResult[];
}

/**
 * Sends the POSTs from a worker thread, so the load generator never waits on the event loop of the
 * API and workers it measures (they run in this process).
 */
export function runPostLoad(spec: PostLoadSpec): Promise<PostLoadOutcome> {
  return new Promise((resolve, reject) => {
    let outcome: PostLoadOutcome | undefined;
    let failure: unknown;
    const worker = new Worker(join(__dirname, 'post-load-worker.js'), { workerData: spec });
    worker.once('message', (message: PostLoadOutcome) => (outcome = message));
    worker.once('error', (err) => (failure = err));
    worker.once('exit', (code) => {
      if (outcome) resolve(outcome);
      else reject(failure ?? new Error(`load worker exited with code ${code} without a result`));
    });
  });
}

/** Status counts and the first few problems, to say what went wrong. */
export function describeFailures(failed: readonly PostResult[]): string {
  const statuses: Record<string, number> = {};
  for (const r of failed) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const samples = [...new Set(failed.map((r) => `${r.status} ${r.problem ?? ''}`))].slice(0, 3);
  // Status 0: no HTTP answer at all, most often a socket limit (EMFILE) with thousands in flight.
  const hint = statuses[0] ? ' (no HTTP answer: fewer requests in flight or a higher ulimit -n may help)' : '';
  return `statuses ${JSON.stringify(statuses)}${hint}; e.g. ${samples.join(' | ')}`;
}
