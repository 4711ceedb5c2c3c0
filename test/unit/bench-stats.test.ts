import { percentile, summarize, throughput } from '../../bench/stats';

describe('percentile', () => {
  const samples = [9, 1, 7, 3, 5, 10, 2, 8, 4, 6];

  it.each([
    [0, 1],
    [10, 1],
    [11, 2],
    [50, 5],
    [90, 9],
    [99, 10],
    [100, 10],
  ])('p%d of 1..10 (unsorted) is %d by nearest rank', (p, expected) => expect(percentile(samples, p)).toBe(expected));

  it('leaves the samples in their original order', () => {
    const copy = [...samples];
    percentile(samples, 50);
    expect(samples).toEqual(copy);
  });

  it('sorts numerically, not as strings', () => expect(percentile([100, 20, 3], 50)).toBe(20));

  it('reports a p99 outlier only once it is more than 1% of the samples', () => {
    const fast = Array.from({ length: 99 }, () => 1);
    expect(percentile([...fast, 500], 99)).toBe(1);
    expect(percentile([...fast, 500, 500], 99)).toBe(500);
  });

  it.each([[[], 50] as const, [[1], -1] as const, [[1], 101] as const, [[1], NaN] as const])(
    'rejects samples %p at p%p',
    (values, p) => expect(() => percentile(values, p)).toThrow(RangeError),
  );
});

describe('throughput', () => {
  it('counts per second from milliseconds', () => expect(throughput(20_000, 4_000)).toBe(5_000));
  it.each([0, -1, NaN])('rejects an elapsed time of %p', (ms) => expect(() => throughput(10, ms)).toThrow(RangeError));
});

describe('summarize', () => {
  it('combines throughput over events with latency per operation', () => {
    const summary = summarize([4, 2, 3, 1], 400, 2_000);
    expect(summary).toEqual({ ops: 4, events: 400, elapsedMs: 2_000, eventsPerSec: 200, p50Ms: 2, p99Ms: 4 });
  });
});
