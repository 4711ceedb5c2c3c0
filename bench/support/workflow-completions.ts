import type { Client } from '@temporalio/client';

export interface ClosedWorkflow {
  status: string;
  /** Epoch milliseconds, by the Temporal server's clock (the same host's). */
  closedAt: number;
}

/**
 * Waits until none of the task queue's workflows is running, then reads when each of `workflowIds`
 * closed from visibility (the server's close time, so no polling interval of ours is in the
 * figures). Called once the load has been sent; while workflows drain it asks a cheap count four
 * times a second. Fails if they have not all closed within `timeoutMs`.
 */
export async function awaitClosed(
  client: Client,
  taskQueue: string,
  workflowIds: readonly string[],
  timeoutMs: number,
): Promise<Map<string, ClosedWorkflow>> {
  const deadline = Date.now() + timeoutMs;
  const running = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
  let reported = Date.now();
  for (;;) {
    const { count } = await client.workflow.count(running);
    if (count === 0) {
      const closed = await listClosed(client, taskQueue, new Set(workflowIds));
      // Visibility is written a moment after the close: a missing one may still be on its way.
      if (closed.size === workflowIds.length) return closed;
      if (Date.now() > deadline) {
        throw new Error(
          `${workflowIds.length - closed.size} of ${workflowIds.length} workflows never showed as closed`,
        );
      }
    } else if (Date.now() > deadline) {
      throw new Error(`${count} workflows on ${taskQueue} still running after ${timeoutMs / 1000} s`);
    } else if (Date.now() - reported > 5000) {
      process.stderr.write(`bench: waiting for ${count} workflows to finish\n`);
      reported = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function listClosed(client: Client, taskQueue: string, wanted: Set<string>) {
  const closed = new Map<string, ClosedWorkflow>();
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    if (!wanted.has(wf.workflowId) || !wf.closeTime) continue;
    closed.set(wf.workflowId, { status: wf.status.name, closedAt: wf.closeTime.getTime() });
  }
  return closed;
}
