import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import pino from 'pino';
import { routeTemporalLogs } from '../../src/infra/logging/temporal-logger';
import { SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes';
import { projectRoot } from '../config';

export interface TemporalServer {
  address: string;
  stop(): Promise<void>;
}

/**
 * An ephemeral Temporal dev server from .tools/bin (in memory), with the search attributes the
 * checkout sets registered, as `npm start` and the tests do.
 */
export async function startTemporalServer(): Promise<TemporalServer> {
  // Before anything touches the SDK runtime: only the first installation counts. Warnings (failed
  // activities, slow tasks) go to stderr beside the bench's progress lines; the report stays clean.
  routeTemporalLogs(pino({ level: 'warn', base: { component: 'temporal' } }, pino.destination(2)));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: {
        type: 'existing-path',
        path: process.env.TEMPORAL_CLI_PATH ?? join(projectRoot(), '.tools', 'bin', 'temporal'),
      },
      ip: '127.0.0.1',
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      log: { format: 'pretty', level: 'error' },
    },
  });
  return { address: env.address, stop: () => env.teardown() };
}

const quiet = () => undefined;
const quietLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet };

/** Bundles workflow code once, silently; a worker given the code starts without bundling again. */
export async function bundleWorkflows(workflowsPath: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  return code;
}
