import { randomUUID } from 'node:crypto';
import type { TicketCodes } from '../../infra/crypto/ticket-code';
import type { EventStore } from '../../infra/event-store/event-store';
import { deterministicId } from '../../infra/event-store/ids';
import type { StreamAppend } from '../../infra/event-store/types';
import { scanTicket, type ScanOutcome } from '../../domain/tickets/ticket-decisions';
import {
  TICKET_SCAN_STREAM_TYPE,
  ticketScanStreamId,
  type ScanResult,
  type TicketScanned,
} from '../../domain/tickets/ticket-events';
import type { TicketState } from '../../domain/tickets/ticket';
import type { ConcertManagement } from '../catalog/concert-management';
import type { AuthenticatedUser } from '../identity/authentication';
import type { TicketCommands } from './ticket-commands';

/** What the door is told. */
export interface ValidationAnswer {
  result: ScanResult;
  concertId: string;
  /** Absent when the code named no ticket. */
  ticketId?: string;
  /** When the ticket was admitted: now for `valid`, the first admission for `already_used`. */
  admittedAt?: string;
  /** The ticket's level, for a ticket of this concert. */
  level?: { code: string; name: string };
}

/**
 * Validation at the door by the organizing account's owners and staff. Every attempt is recorded on
 * a stream of its own; a valid one is recorded in the same transaction as the admission, which is
 * appended at the ticket version the decision was made on. Two doors scanning one ticket at once
 * therefore admit it once: the loser's append conflicts, it decides again, and finds it used.
 */
export class DoorValidation {
  constructor(
    private readonly eventStore: EventStore,
    private readonly tickets: TicketCommands,
    /** Organizers (owners, staff) of the concert's account and admins may validate; others get 403. */
    private readonly organizers: Pick<ConcertManagement, 'authorizeOrganizer'>,
    private readonly codes: TicketCodes,
  ) {}

  async validate(input: { code: string; concertId: string }, actor: AuthenticatedUser): Promise<ValidationAnswer> {
    const { concertId } = input;
    await this.organizers.authorizeOrganizer(concertId, actor);
    const attemptId = randomUUID();
    const metadata = { actor: actor.id, correlationId: `ticket-scan-${attemptId}` };
    const scan = (result: ScanResult, ticketId: string | null, at: Date): StreamAppend => ({
      streamId: ticketScanStreamId(attemptId),
      streamType: TICKET_SCAN_STREAM_TYPE,
      expectedVersion: 0,
      events: [
        {
          ...ticketScanned({ attemptId, concertId, ticketId, result, scannedBy: actor.id, at: at.toISOString() }),
          eventId: deterministicId('ticket-scanned', attemptId),
          metadata,
        },
      ],
    });

    const ticketId = this.codes.ticketIdOf(input.code);
    if (!ticketId) {
      await this.eventStore.append([scan('unknown', null, new Date())]);
      return { result: 'unknown', concertId };
    }

    let decided: { state: TicketState; outcome: ScanOutcome; at: Date } | undefined;
    await this.tickets.execute(
      ticketId,
      (state) => {
        const at = new Date();
        const outcome = scanTicket(state, { concertId, scannedBy: actor.id, now: at });
        decided = { state, outcome, at };
        return outcome.events;
      },
      {
        operationId: `ticket-scan:${attemptId}`,
        metadata,
        // Runs after each decision (a lost race decides again), so the record says what was answered.
        alsoAppend: () => [
          scan(decided!.outcome.result, decided!.outcome.result === 'unknown' ? null : ticketId, decided!.at),
        ],
      },
    );
    return answer(concertId, ticketId, decided!);
  }
}

function ticketScanned(data: TicketScanned['data']): TicketScanned {
  return { type: 'TicketScanned', data };
}

function answer(
  concertId: string,
  ticketId: string,
  decided: { state: TicketState; outcome: ScanOutcome; at: Date },
): ValidationAnswer {
  const { state, outcome, at } = decided;
  const { result } = outcome;
  if (result === 'unknown' || !state.ticket) return { result, concertId };
  if (result === 'wrong_concert') return { result, concertId, ticketId };
  const level = { code: state.ticket.ticketLevel, name: state.ticket.levelName };
  const admittedAt = result === 'valid' ? at.toISOString() : state.admittedAt;
  return { result, concertId, ticketId, ...(admittedAt ? { admittedAt } : {}), level };
}
