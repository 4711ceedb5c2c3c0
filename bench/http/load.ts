import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** One autocannon run: GETs cycling through `paths` on `url` from `connections` keep-alive connections. */
export interface LoadSpec {
  url: string;
  paths: string[];
  connections: number;
  durationSec: number;
}

export interface LoadOutcome {
  /** One entry per response, in arrival order. */
  latenciesMs: number[];
  elapsedMs: number;
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  statusCodes: Record<string, number>;
}

/**
 * Runs the load from a worker thread: on the main thread autocannon would share the event loop with
 * the servers it measures and slow them down. Autocannon's own histograms keep whole milliseconds
 * only, so the worker hands back every latency and the percentiles are taken here, exactly.
 */
export function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  return new Promise((resolve, reject) => {
    let outcome: LoadOutcome | undefined;
    let failure: unknown;
    const worker = new Worker(join(__dirname, 'load-worker.js'), { workerData: spec });
    worker.once('message', (message: LoadOutcome) => (outcome = message));
    worker.once('error', (err) => (failure = err));
    worker.once('exit', (code) => {
      if (outcome) resolve(outcome);
      else reject(failure ?? new Error(`load worker exited with code ${code} without a result`));
    });
  });
}
