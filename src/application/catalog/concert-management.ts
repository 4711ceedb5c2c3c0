import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '../../infra/event-store/errors';
import { deterministicId } from '../../infra/event-store/ids';
import type { DomainEvent, EventMetadata, StreamAppend } from '../../infra/event-store/types';
import type { AccountState } from '../../domain/accounts/account';
import { ACCOUNT_STREAM_TYPE, accountStreamId } from '../../domain/accounts/account-events';
import type { ConcertState } from '../../domain/catalog/concert';
import {
  cancelConcert,
  changeConcertDetails,
  changeTicketLevels,
  scheduleConcert,
  type ConcertDetailsInput,
} from '../../domain/catalog/concert-decisions';
import type { ConcertEvent } from '../../domain/catalog/concert-events';
import { decideConcertSeats } from '../../domain/catalog/concert-seats';
import type { TicketLevel } from '../../domain/catalog/ticket-level';
import { DomainError } from '../../domain/shared/errors';
import type { AccountAccess } from '../accounts/account-access';
import type { AccountCommands } from '../accounts/account-commands';
import type { AuthenticatedUser } from '../identity/authentication';
import type { ConcertCatalog, TicketSummaryView } from './concert-catalog';
import type { ConcertCommands } from './concert-commands';

// Writers racing for one account's seat budget each lose at most once per winner; with jittered
// pauses this many attempts lets a burst of concurrent schedulings all get a decision.
const BUDGET_ATTEMPTS = 10;
const BUDGET_BACKOFF_MS = 15;

export interface ScheduleConcertInput extends ConcertDetailsInput {
  ticketLevels: TicketLevel[];
}

/**
 * Organizers' commands on concerts. Whatever changes a concert's capacity or start appends the
 * concert's events and the account's seat allocation in one transaction, at the account version the budget
 * was checked against, so concurrent writers can never push an account past its totalSeats.
 */
export class ConcertManagement {
  constructor(
    private readonly concerts: ConcertCommands,
    private readonly accounts: AccountCommands,
    private readonly catalog: ConcertCatalog,
    private readonly access: Pick<AccountAccess, 'assertCanManageConcerts'>,
  ) {}

  async schedule(accountId: string, input: ScheduleConcertInput, actor: AuthenticatedUser): Promise<string> {
    await this.access.assertCanManageConcerts(accountId, actor);
    const concertId = randomUUID();
    const { ticketLevels, ...details } = input;
    await this.withSeatBudget(accountId, `schedule-concert:${concertId}`, actor, (operation) =>
      this.concerts.execute(
        concertId,
        (state) =>
          scheduleConcert(state, {
            concertId,
            accountId,
            details,
            ticketLevels,
            scheduledBy: actor.id,
            now: new Date(),
          }),
        operation,
      ),
    );
    return concertId;
  }

  async changeDetails(
    concertId: string,
    changes: Partial<ConcertDetailsInput>,
    actor: AuthenticatedUser,
  ): Promise<void> {
    const { accountId } = await this.authorizeOrganizer(concertId, actor);
    // A new start is recorded with the concert's seats: they count against totalSeats until it.
    await this.withSeatBudget(accountId, `change-concert-details:${randomUUID()}`, actor, (operation) =>
      this.concerts.execute(
        concertId,
        (state) => changeConcertDetails(state, { changes, changedBy: actor.id, now: new Date() }),
        operation,
      ),
    );
  }

  async changeTicketLevels(concertId: string, ticketLevels: TicketLevel[], actor: AuthenticatedUser): Promise<void> {
    const { accountId } = await this.authorizeOrganizer(concertId, actor);
    const committed = await this.catalog.committedTickets(concertId);
    await this.withSeatBudget(accountId, `change-ticket-levels:${randomUUID()}`, actor, (operation) =>
      this.concerts.execute(
        concertId,
        (state) => changeTicketLevels(state, { ticketLevels, committed, changedBy: actor.id, now: new Date() }),
        operation,
      ),
    );
  }

  async cancel(concertId: string, reason: string | undefined, actor: AuthenticatedUser): Promise<void> {
    const { accountId } = await this.authorizeOrganizer(concertId, actor);
    await this.withSeatBudget(accountId, `cancel-concert:${randomUUID()}`, actor, (operation) =>
      this.concerts.execute(
        concertId,
        (state) => cancelConcert(state, { reason, cancelledBy: actor.id, now: new Date() }),
        operation,
      ),
    );
  }

  /** Capacity, held and sold per level: for the organizing account's members. */
  async ticketSummary(concertId: string, actor: AuthenticatedUser): Promise<TicketSummaryView> {
    await this.authorizeOrganizer(concertId, actor);
    return this.catalog.ticketSummary(concertId);
  }

  /**
   * Concerts are public, so who organizes one is no secret: a signed-in user who may not manage it
   * is told so (403), where the account's own endpoints answer 404 to hide the account.
   */
  async authorizeOrganizer(concertId: string, actor: AuthenticatedUser): Promise<{ accountId: string }> {
    const { state } = await this.concerts.load(concertId);
    const accountId = requireConcert(state);
    try {
      await this.access.assertCanManageConcerts(accountId, actor);
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'not_found') {
        throw new DomainError(
          'forbidden',
          'not_concert_organizer',
          "Only the organizing account's members manage this concert",
        );
      }
      throw err;
    }
    return { accountId };
  }

  /**
   * Runs a concert command whose events also settle the account's seat budget. The account is read
   * first and its events are appended at that version; if another writer got there first, the whole
   * command runs again on the fresh account.
   */
  private async withSeatBudget(
    accountId: string,
    operationId: string,
    actor: AuthenticatedUser,
    run: (operation: {
      operationId: string;
      metadata: EventMetadata;
      alsoAppend: (events: DomainEvent[]) => StreamAppend[];
    }) => Promise<unknown>,
  ): Promise<void> {
    const metadata: EventMetadata = { actor: actor.id };
    const streamId = accountStreamId(accountId);
    for (let attempt = 1; ; attempt++) {
      const account = await this.accounts.load(accountId);
      try {
        await run({ operationId, metadata, alsoAppend: seatAppend(account, streamId, operationId, metadata) });
        return;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || err.streamId !== streamId || attempt >= BUDGET_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * BUDGET_BACKOFF_MS * attempt));
      }
    }
  }
}

/** The account's seat events for a concert's new events; none at all when the budget is untouched (a no-op). */
const seatAppend =
  (account: { state: AccountState; version: number }, streamId: string, operationId: string, metadata: EventMetadata) =>
  (events: DomainEvent[]): StreamAppend[] => {
    const seatEvents = decideConcertSeats(account.state, events as ConcertEvent[]);
    if (seatEvents.length === 0) return [];
    return [
      {
        streamId,
        streamType: ACCOUNT_STREAM_TYPE,
        expectedVersion: account.version,
        events: seatEvents.map((e, i) => ({
          ...e,
          eventId: deterministicId(operationId, streamId, e.type, i),
          metadata,
        })),
      },
    ];
  };

function requireConcert(state: ConcertState): string {
  if (!state.scheduled || !state.accountId)
    throw new DomainError('not_found', 'concert_not_found', 'Concert not found');
  return state.accountId;
}
