import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type Activities } from '../../src/activities';
import type { Infrastructure } from '../../src/infra/infrastructure';

/**
 * A worker of its own on `taskQueue` with the real activities, some of them wrapped (slowed down,
 * counted, or failing an attempt on purpose): the workflows under test run unchanged, the test
 * controls timing and failures.
 */
export async function startWrappedWorker(
  infra: Infrastructure,
  taskQueue: string,
  wrap: (real: Activities) => Partial<Activities>,
): Promise<{ stop(): Promise<void> }> {
  const real = createActivities(infra);
  const connection = await NativeConnection.connect({ address: infra.config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: infra.config.temporal.namespace,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
    activities: { ...real, ...wrap(real) },
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
