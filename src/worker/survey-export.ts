import { surveyExport, type SurveyExport } from '../application/surveys/survey-export';
import type { Infrastructure } from '../infra/infrastructure';
import type { Logger } from '../infra/logging/logger';

export interface SurveyExportHandle {
  stop(): Promise<void>;
}

// After a failure, wait the poll interval (at least MIN), then twice as long each time, up to MAX.
const MIN_BACK_OFF_MS = 100;
const MAX_BACK_OFF_MS = 60_000;

/**
 * Runs the survey export in the worker process: batches back to back until it has caught up, then
 * one look every `config.surveys.exportIntervalMs`. A failed batch changed nothing (it is one
 * transaction), so it is simply tried again after a back-off. `stop()` lets the current batch end.
 */
export function startSurveyExport(
  infra: Infrastructure,
  logger: Logger,
  exporter: SurveyExport = surveyExport(infra.db, infra.eventStore),
): SurveyExportHandle {
  const intervalMs = infra.config.surveys.exportIntervalMs;
  const log = logger.child({ consumer: exporter.name });
  let stopping = false;
  let wake = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    let failures = 0;
    while (!stopping) {
      let waitMs: number;
      try {
        const batch = await exporter.runBatch();
        failures = 0;
        if (batch.read > 0) {
          log.debug({ read: batch.read, exported: batch.handled.exported.length }, 'surveys exported');
        }
        if (batch.handled.alreadyPresent.length > 0) {
          log.warn({ surveys: batch.handled.alreadyPresent.length }, 'surveys were on the analytics side already');
        }
        waitMs = batch.caughtUp ? intervalMs : 0;
      } catch (err) {
        failures += 1;
        waitMs = Math.min(Math.max(intervalMs, MIN_BACK_OFF_MS) * 2 ** Math.min(failures - 1, 16), MAX_BACK_OFF_MS);
        log.error({ error: describeFailure(err), failures, retryInMs: waitMs }, 'survey export failed; will retry');
      }
      if (waitMs > 0 && !stopping) await pause(waitMs);
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake();
      await loop;
    },
  };
}

/**
 * The kind of failure without its message: database errors may quote the row they failed on,
 * and a survey's comment is the customer's words, which stay out of the logs.
 */
function describeFailure(err: unknown): { name: string; code?: string } {
  if (!(err instanceof Error)) return { name: typeof err };
  const { code } = err as { code?: unknown };
  return { name: err.name, ...(typeof code === 'string' ? { code } : {}) };
}
