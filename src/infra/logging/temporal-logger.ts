import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

/** Routes the Temporal SDK's own logs (worker, workflows, activities) into our JSON logger. */
export function routeTemporalLogs(logger: Logger): void {
  const level = LEVELS[logger.level] ?? 'ERROR';
  try {
    Runtime.install({
      logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
        const method = entryLevel.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
        logger[method]({ ...meta }, message);
      }),
    });
  } catch {
    // Already installed in this process (tests create several workers); the first one stays.
  }
}
