import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { LoadOutcome, LoadSpec } from './load';

// Runs in a worker thread started by load.ts; posts one LoadOutcome and exits.
const spec = workerData as LoadSpec;
const latenciesMs: number[] = [];
// Set on 'start', once every connection has been built: building a thousand requests per
// connection takes a noticeable while and must not count as time spent waiting for the server.
let started = performance.now();

const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    // Static requests are built once; each connection cycles through them in order.
    requests: spec.paths.map((path) => ({ method: 'GET' as const, path })),
  },
  (err, result) => {
    if (err) throw err;
    const outcome: LoadOutcome = {
      latenciesMs,
      elapsedMs: performance.now() - started,
      non2xx: result.non2xx,
      errors: result.errors,
      statusCodes: Object.fromEntries(
        Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
      ),
    };
    parentPort?.postMessage(outcome);
  },
);
instance.on('start', () => (started = performance.now()));
instance.on('response', (_client, _status, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs));
