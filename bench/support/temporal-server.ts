import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import pino from 'pino';
import { routeTemporalLogs } from '../../src/infra/logging/temporal-logger';
import { SEARCH_ATTRIBUTE_FLAGS } from '../../src/workflows/search-attributes';
import { envCount, projectRoot } from '../config';
import { stopChild } from './child-process';
import { freePort } from './ports';

export interface TemporalServer {
  address: string;
  stop(): Promise<void>;
}

/**
 * An ephemeral Temporal dev server from .tools/bin (in memory, no UI) on free loopback ports, with
 * the search attributes the checkout sets registered, as `npm start` registers them. Its banner
 * would land in the middle of the report, so its stdout is dropped; errors still reach stderr.
 *
 * The dev server keeps every workflow on one history shard, whose transfer queue (what hands each
 * new workflow or activity task to matching) is read at most history.transferProcessorMaxPollRPS
 * times a second: 20 by default, which adds up to 50 ms to every task once its burst is spent,
 * about 1 s to a workflow of 9 activities whatever the work. A cluster spreads workflows over many
 * shards, so the bench raises the limit to 100 (at most 10 ms a task, still reading in batches
 * under load; BENCH_TEMPORAL_TRANSFER_POLL_RPS=20 restores the dev server's default).
 */
export async function startTemporalServer(): Promise<TemporalServer> {
  // Before anything touches the SDK runtime: only the first installation counts. Warnings (failed
  // activities, slow tasks) go to stderr beside the bench's progress lines; the report stays clean.
  routeTemporalLogs(
    pino(
      { level: 'warn', base: { component: 'temporal' }, serializers: { error: pino.stdSerializers.err } },
      pino.destination(2),
    ),
  );
  const port = await freePort();
  const child = spawn(
    process.env.TEMPORAL_CLI_PATH ?? join(projectRoot(), '.tools', 'bin', 'temporal'),
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(await freePort()),
      '--metrics-port',
      String(await freePort()),
      '--log-level',
      'error',
      '--dynamic-config-value',
      `history.transferProcessorMaxPollRPS=${envCount('BENCH_TEMPORAL_TRANSFER_POLL_RPS', 100, 100)}`,
      ...SEARCH_ATTRIBUTE_FLAGS.flatMap((flag) => ['--search-attribute', flag]),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const address = `127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitForTemporal(address, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, stop };
}

/** Ready once the default namespace answers (it exists only after the server finished starting). */
async function waitForTemporal(address: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the Temporal dev server did not start at ${address} within ${timeoutMs / 1000} s: ${String(last)}`);
}

const quiet = () => undefined;
const quietLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet };

/** Bundles workflow code once, silently; a worker given the code starts without bundling again. */
export async function bundleWorkflows(workflowsPath: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  return code;
}
