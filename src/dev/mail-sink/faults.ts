/** How the next `count` sends misbehave: answer `status`, and/or answer only after `delayMs`. */
export interface MailFault {
  status?: number;
  count: number;
  delayMs?: number;
}

/** What one send should suffer, taken from the head of the queue. */
export type FaultAction = { status?: number; delayMs: number } | undefined;

/** Checks a fault given over HTTP or in code; throws RangeError with a readable reason. */
export function validateFault(input: unknown): MailFault {
  const f = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { status, count, delayMs } = f;
  if (!Number.isInteger(count) || (count as number) < 1) throw new RangeError('count must be a positive integer');
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)) {
    throw new RangeError('status must be an HTTP error status (400-599)');
  }
  if (delayMs !== undefined && (!Number.isInteger(delayMs) || (delayMs as number) < 0)) {
    throw new RangeError('delayMs must be a non-negative integer');
  }
  if (status === undefined && delayMs === undefined) throw new RangeError('give status, delayMs or both');
  return { count: count as number, status: status as number | undefined, delayMs: delayMs as number | undefined };
}

/** Faults queue up in the order they were injected; each send uses up one unit of the oldest. */
export class FaultQueue {
  private readonly queue: MailFault[] = [];

  add(fault: MailFault): void {
    this.queue.push({ ...validateFault(fault) });
  }

  clear(): void {
    this.queue.length = 0;
  }

  pending(): MailFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  take(): FaultAction {
    const head = this.queue[0];
    if (!head) return undefined;
    head.count -= 1;
    if (head.count === 0) this.queue.shift();
    return { status: head.status, delayMs: head.delayMs ?? 0 };
  }
}
