import { envCount, envCounts } from './config';
import { countEvents, resetEvents } from './database';
import { buildPlan, eventsIn, type PlanShape } from './event-store/plan';
import { eventStoreTarget, rawPgTarget, type AppendTarget } from './event-store/writers';
import { runWriters } from './runner';
import { summarize } from './stats';
import type { AppendRow, BenchContext, BenchEntry } from './types';

interface Scenario {
  name: string;
  streams: number;
  appends: number;
  eventsPerAppend: number;
  writers: number[];
}

const TARGETS: Array<(url: string, connections: number) => AppendTarget> = [eventStoreTarget, rawPgTarget];
const WARMUP_APPENDS_PER_WRITER = 5;

function scenarios(): Scenario[] {
  const batchSize = envCount('BENCH_BATCH_SIZE', 100, 100);
  const batchAppends = envCount('BENCH_BATCH_APPENDS', 400, 40);
  return [
    {
      name: 'single',
      streams: envCount('BENCH_STREAMS', 10_000, 1_000),
      appends: envCount('BENCH_APPENDS', 20_000, 2_000),
      eventsPerAppend: 1,
      writers: envCounts('BENCH_WRITERS', [1, 8, 32]),
    },
    {
      name: `batch${batchSize}`,
      // Half as many streams as appends: every stream takes a second batch on top of its first.
      streams: envCount('BENCH_BATCH_STREAMS', halfOf(batchAppends), halfOf(batchAppends)),
      appends: batchAppends,
      eventsPerAppend: batchSize,
      writers: envCounts('BENCH_BATCH_WRITERS', [1, 8]),
    },
  ];
}

function halfOf(appends: number): number {
  return Math.max(8, Math.ceil(appends / 2));
}

/** Appends through the EventStore and through raw pg, with the same rows, writers and connections. */
export const eventStoreBench: BenchEntry = {
  name: 'event-store',
  async run(ctx: BenchContext): Promise<AppendRow[]> {
    const rows: AppendRow[] = [];
    for (const scenario of scenarios()) {
      for (const writers of scenario.writers) {
        const measured: AppendRow[] = [];
        for (const open of TARGETS) measured.push(await measure(ctx, scenario, writers, open));
        const [store, raw] = measured;
        store.ratio = store.eventsPerSec / raw.eventsPerSec;
        rows.push(...measured);
      }
    }
    return rows;
  },
};

async function measure(
  ctx: BenchContext,
  scenario: Scenario,
  writers: number,
  open: (url: string, connections: number) => AppendTarget,
): Promise<AppendRow> {
  const shape: PlanShape = { ...scenario, label: 'run', writers };
  const plan = buildPlan(shape);
  // Warm-up opens every pooled connection and primes caches, so the run doesn't time connects.
  const warmup = buildPlan({
    ...shape,
    label: 'warmup',
    streams: writers,
    appends: writers * WARMUP_APPENDS_PER_WRITER,
  });
  const target = open(ctx.databaseUrl, writers);
  try {
    await runWriters(
      warmup,
      (op) => target.append(op),
      () => false,
    );
    await resetEvents(ctx.databaseUrl);
    const outcome = await runWriters(plan, (op) => target.append(op), target.isConflict);
    const stored = await countEvents(ctx.databaseUrl);
    const expected = eventsIn(plan) - outcome.conflicts * scenario.eventsPerAppend;
    if (stored !== expected) throw new Error(`${target.impl} stored ${stored} events, expected ${expected}`);
    return {
      kind: 'append',
      suite: 'event-store',
      scenario: scenario.name,
      impl: target.impl,
      writers,
      conflicts: outcome.conflicts,
      ...summarize(outcome.latenciesMs, stored, outcome.elapsedMs),
    };
  } finally {
    await target.close();
  }
}
