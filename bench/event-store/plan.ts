import { deterministicId } from '../../src/infra/event-store/ids';
import type { NewEvent, StreamAppend } from '../../src/infra/event-store/types';

export interface PlanShape {
  /** Tells runs apart so warm-up streams never collide with measured ones. */
  label: string;
  streams: number;
  appends: number;
  eventsPerAppend: number;
  writers: number;
}

/**
 * Splits the appends between writers. Each writer owns the streams whose index is congruent to it
 * modulo the writer count and cycles through them, so a stream is only ever written by one writer
 * (no conflicts expected) and, with more appends than streams, revisited with a real expected version.
 */
export function buildPlan(shape: PlanShape): StreamAppend[][] {
  const { streams, appends, eventsPerAppend, writers } = shape;
  if (streams < writers) throw new Error(`${streams} streams cannot be split between ${writers} writers`);
  return Array.from({ length: writers }, (_, w) => {
    const owned = Array.from({ length: Math.ceil((streams - w) / writers) }, (_, k) => w + k * writers);
    const count = Math.floor(appends / writers) + (w < appends % writers ? 1 : 0);
    return Array.from({ length: count }, (_, j) => {
      const stream = owned[j % owned.length];
      const round = Math.floor(j / owned.length);
      return toAppend(shape.label, stream, round * eventsPerAppend, eventsPerAppend);
    });
  });
}

export function eventsIn(plan: StreamAppend[][]): number {
  return plan.reduce((sum, ops) => sum + ops.reduce((n, op) => n + op.events.length, 0), 0);
}

function toAppend(label: string, stream: number, expectedVersion: number, size: number): StreamAppend {
  const orderId = `${label}-${String(stream).padStart(6, '0')}`;
  const events = Array.from({ length: size }, (_, i): NewEvent => {
    const version = expectedVersion + i + 1;
    return {
      eventId: deterministicId('bench', orderId, version),
      type: 'SeatsHeld',
      // Shaped like a real checkout fact, so JSON encoding and row width are realistic.
      data: {
        orderId,
        concertId: 'concert-2026-11-21',
        seats: [`A-${version}`, `A-${version + 1}`],
        amountCents: 12900,
      },
      metadata: { correlationId: `checkout-${orderId}`, causationId: `step-${version}`, actor: 'system' },
    };
  });
  return { streamId: `order-${orderId}`, streamType: 'order', expectedVersion, events };
}
