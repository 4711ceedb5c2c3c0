import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../domain/shared/errors';

/** A business refusal becomes a non-retryable failure (retrying cannot succeed); anything else stays as it is. */
export const asFailure = (err: unknown): unknown =>
  err instanceof DomainError ? ApplicationFailure.nonRetryable(err.message, err.code) : err;

/** Runs an activity step whose business refusals are final. */
export async function refusalsFinal<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asFailure(err);
  }
}
