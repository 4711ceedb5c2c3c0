import { percentile, throughput } from '../stats';
import type { HttpRow } from '../types';
import { runLoad, type LoadOutcome } from './load';

export interface HttpTarget {
  scenario: string;
  /** How the row names what was requested. */
  label: string;
  url: string;
  paths: string[];
}

export interface LoadSettings {
  connections: number;
  durationSec: number;
  warmupSec: number;
}

/**
 * A short warm-up (JIT, connection pools, Postgres buffers), then the measured run. Any non-2xx
 * answer or socket error aborts the bench: figures from a failing endpoint would only mislead.
 */
export async function measureTarget(suite: string, target: HttpTarget, settings: LoadSettings): Promise<HttpRow> {
  const spec = { url: target.url, paths: target.paths, connections: settings.connections };
  assertClean(target, 'warm-up', await runLoad({ ...spec, durationSec: settings.warmupSec }));
  const outcome = assertClean(target, 'run', await runLoad({ ...spec, durationSec: settings.durationSec }));
  const { latenciesMs, elapsedMs } = outcome;
  if (latenciesMs.length === 0) throw new Error(`${target.label}: no response at all in ${settings.durationSec} s`);
  return {
    kind: 'http',
    suite,
    scenario: target.scenario,
    target: target.label,
    connections: settings.connections,
    requests: latenciesMs.length,
    elapsedMs,
    requestsPerSec: throughput(latenciesMs.length, elapsedMs),
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    non2xx: outcome.non2xx,
    errors: outcome.errors,
  };
}

function assertClean(target: HttpTarget, phase: string, outcome: LoadOutcome): LoadOutcome {
  if (outcome.non2xx > 0 || outcome.errors > 0) {
    throw new Error(
      `${target.label} (${phase}): ${outcome.non2xx} non-2xx responses and ${outcome.errors} socket errors; ` +
        `status codes ${JSON.stringify(outcome.statusCodes)}`,
    );
  }
  return outcome;
}
