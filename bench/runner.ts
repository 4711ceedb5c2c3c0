import { performance } from 'node:perf_hooks';

export interface RunOutcome {
  latenciesMs: number[];
  elapsedMs: number;
  conflicts: number;
}

/**
 * Runs one sequential worker per plan entry, all at once, timing every operation. Conflicts are
 * counted and the run goes on; any other error aborts it, since the figures would be meaningless.
 */
export async function runWriters<Op>(
  plan: Op[][],
  exec: (op: Op) => Promise<void>,
  isConflict: (err: unknown) => boolean,
): Promise<RunOutcome> {
  const latenciesMs: number[] = [];
  let conflicts = 0;
  const started = performance.now();
  await Promise.all(
    plan.map(async (ops) => {
      for (const op of ops) {
        const t0 = performance.now();
        try {
          await exec(op);
        } catch (err) {
          if (!isConflict(err)) throw err;
          conflicts += 1;
        }
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { latenciesMs, elapsedMs: performance.now() - started, conflicts };
}
