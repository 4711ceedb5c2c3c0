import type { ChildProcess } from 'node:child_process';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

declare global {
  var __TEMPORAL_ENV__: TestWorkflowEnvironment | undefined;
  var __STRIPE_MOCK__: ChildProcess | undefined;
}
export {};
