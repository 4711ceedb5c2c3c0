/** Latency and throughput figures of one measured run. */
export interface Summary {
  /** Appends (operations) measured. */
  ops: number;
  events: number;
  elapsedMs: number;
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
 * Unlike interpolation it always reports a latency that was actually observed.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function throughput(count: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) throw new RangeError(`elapsed time must be positive, got ${elapsedMs}`);
  return count / (elapsedMs / 1000);
}

export function summarize(latenciesMs: readonly number[], events: number, elapsedMs: number): Summary {
  return {
    ops: latenciesMs.length,
    events,
    elapsedMs,
    eventsPerSec: throughput(events, elapsedMs),
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
  };
}
