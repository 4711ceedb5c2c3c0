import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { TEMPORAL_BIN } from './paths';

/** Recorded histories; test/workflow/replay.test.ts replays every one of them on the current code. */
export const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

export const workflowBundle = () => ({ workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! } });

/**
 * Replays a finished workflow's history on the current code; with RECORD_HISTORIES=1 also stores it as
 * the fixture `<name>.json`, so later versions of the code must still replay it.
 */
export async function replayAndRecord(handle: WorkflowHandle, name: string): Promise<void> {
  const history = await handle.fetchHistory();
  await expect(Worker.runReplayHistory(workflowBundle(), history, handle.workflowId)).resolves.toBeUndefined();
  if (process.env.RECORD_HISTORIES === '1') {
    // The CLI's JSON is the format Temporal's tooling (and historyFromJSON) reads.
    const json = execFileSync(TEMPORAL_BIN, [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      '--address',
      process.env.TEMPORAL_ADDRESS!,
      '--output',
      'json',
    ]);
    writeFileSync(join(HISTORIES, `${name}.json`), json);
  }
}
