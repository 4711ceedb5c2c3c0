import { DomainError } from '../../src/domain/shared/errors';

/** Runs a decision that must be refused and returns why (kind, code, message); fails when it is not refused. */
export function refusal(fn: () => unknown): { kind: string; code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { kind: err.kind, code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal');
}

/** The same, without the message, for tests that only assert the kind and code. */
export function refusalCode(fn: () => unknown): { kind: string; code: string } {
  const { kind, code } = refusal(fn);
  return { kind, code };
}
