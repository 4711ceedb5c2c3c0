import type { Tx } from '../db/prisma';
import type { RecordedEvent } from './types';

/**
 * A read model kept current inside the append's transaction. `apply` must be a pure function of
 * the events it has seen (no clocks, no randomness) so that a rebuild reproduces it exactly.
 */
export interface Projection {
  name: string;
  /** Tables this projection owns; a rebuild empties them before replaying. */
  tables: string[];
  handles: readonly string[];
  apply(tx: Tx, event: RecordedEvent): Promise<void>;
}
