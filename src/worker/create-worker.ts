import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { temporalConnectionOptions } from '../infra/temporal/client';
import type { Infrastructure } from '../infra/infrastructure';

export interface BoxofficeWorker {
  worker: Worker;
  /** Runs until shutdown() is called (or a fatal error), then closes the connection. */
  run(): Promise<void>;
}

export async function createWorker(
  infra: Infrastructure,
  overrides: Partial<Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'taskQueue'>> = {},
): Promise<BoxofficeWorker> {
  const { temporal } = infra.config;
  const connection = await NativeConnection.connect(temporalConnectionOptions(temporal));
  const worker = await Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue: overrides.taskQueue ?? temporal.taskQueue,
    activities: createActivities(infra),
    ...(overrides.workflowBundle
      ? { workflowBundle: overrides.workflowBundle }
      : { workflowsPath: overrides.workflowsPath ?? require.resolve('../workflows') }),
  });
  return {
    worker,
    run: async () => {
      try {
        await worker.run();
      } finally {
        await connection.close();
      }
    },
  };
}
