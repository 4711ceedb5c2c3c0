import { randomUUID } from 'node:crypto';
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../config/config';
import { sha256 } from '../../infra/crypto/sha256';
import { deterministicId } from '../../infra/event-store/ids';
import { DomainError } from '../../domain/shared/errors';
import { SUPPORT_TICKET_CODES } from '../../domain/support-tickets/support-ticket-decisions';
import { supportText } from '../../domain/support-tickets/support-ticket-rules';
import type { supportTicketWorkflow } from '../../workflows/support-ticket.workflow';
import {
  SUPPORT_TICKET_REFUSALS,
  supportTicketCloseUpdate,
  supportTicketReplyUpdate,
  supportTicketWorkflowId,
  type SupportTicketMemo,
} from '../../workflows/support-ticket.contract';
import type { SupportTicketQueries } from './support-ticket-queries';

export interface SupportTicketRequest {
  subject: string;
  body: string;
  orderId?: string;
}

/** Who may name an order in a ticket: only its customer (anyone else's order is not found). */
export interface OwnOrders {
  requireOwn(customerId: string, orderId: string): Promise<void>;
}

const KEY_REUSED = (what: string) =>
  new DomainError('invalid', SUPPORT_TICKET_CODES.keyReused, `This Idempotency-Key was used for another ${what}`);
const CLOSED = () => new DomainError('conflict', SUPPORT_TICKET_CODES.closed, 'The ticket is closed');
const NOT_FOUND = () => new DomainError('not_found', SUPPORT_TICKET_CODES.notFound, 'Support ticket not found');

/**
 * The API side of support tickets. A submission only starts the ticket's workflow, which needs no
 * worker: the customer gets 202 at once, and the back office records, routes and acknowledges the
 * ticket when it runs. Staff replies and closes go to the workflow as updates.
 */
export class SupportTicketRequests {
  constructor(
    private readonly temporal: Client,
    private readonly queries: SupportTicketQueries,
    private readonly orders: OwnOrders,
    private readonly config: Pick<Config, 'temporal'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * With an Idempotency-Key the ticket id follows from the customer and the key, so a retried
   * submission is the same ticket and the same workflow; the same key with another request is refused.
   */
  async submit(
    customerId: string,
    idempotencyKey: string | undefined,
    request: SupportTicketRequest,
  ): Promise<{ ticketId: string; status: 'received' }> {
    const subject = supportText('subject', request.subject);
    const body = supportText('body', request.body);
    const orderId = request.orderId ?? null;
    if (orderId) await this.orders.requireOwn(customerId, orderId);
    const ticketId =
      idempotencyKey === undefined ? randomUUID() : deterministicId(customerId, 'support-ticket', idempotencyKey);
    const requestHash = sha256(JSON.stringify({ subject, body, orderId }));
    const answer = { ticketId, status: 'received' as const };

    // A retry of a ticket recorded already (its workflow's history may be gone by now): the read model decides.
    const known = idempotencyKey === undefined ? undefined : await this.queries.find(ticketId);
    if (known) {
      if (known.subject !== subject || known.body !== body || known.orderId !== orderId) throw KEY_REUSED('ticket');
      return answer;
    }
    const workflowId = supportTicketWorkflowId(ticketId);
    const memo: SupportTicketMemo = { requestHash };
    try {
      await this.temporal.workflow.start<typeof supportTicketWorkflow>('supportTicketWorkflow', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ ticketId, customerId, subject, body, orderId, submittedAt: this.clock().toISOString() }],
        memo: { ...memo },
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const started = await this.temporal.workflow.getHandle(workflowId).describe();
      if ((started.memo as Partial<SupportTicketMemo> | undefined)?.requestHash !== requestHash) {
        throw KEY_REUSED('ticket');
      }
    }
    return answer;
  }

  /**
   * A staff reply, answered as soon as it is recorded (the email to the customer follows). With an
   * Idempotency-Key the reply id follows from the staff member, the ticket and the key, and is the
   * update's id, so a retried reply is recorded and emailed once.
   */
  async reply(
    staffId: string,
    ticketId: string,
    idempotencyKey: string | undefined,
    text: string,
  ): Promise<{ ticketId: string; replyId: string; repliedAt: string }> {
    const body = supportText('body', text);
    const ticket = await this.queries.find(ticketId);
    if (!ticket) throw NOT_FOUND();
    const replyId =
      idempotencyKey === undefined
        ? randomUUID()
        : deterministicId(staffId, 'support-ticket-reply', ticketId, idempotencyKey);
    const earlier = idempotencyKey === undefined ? undefined : await this.recordedReply(ticketId, replyId, body);
    if (earlier) return earlier;
    if (ticket.status === 'closed') throw CLOSED();

    let repliedAt: string;
    try {
      ({ repliedAt } = await this.temporal.workflow
        .getHandle(supportTicketWorkflowId(ticketId))
        .executeUpdate(supportTicketReplyUpdate, { args: [{ replyId, staffId, body }], updateId: `reply-${replyId}` }));
    } catch (err) {
      throw await this.refusalOf(err, ticketId);
    }
    // Two requests racing with one key meet in one update: the text recorded is the first one's.
    if (idempotencyKey !== undefined) await this.recordedReply(ticketId, replyId, body);
    return { ticketId, replyId, repliedAt };
  }

  async close(staffId: string, ticketId: string): Promise<{ ticketId: string; status: 'closed' }> {
    const ticket = await this.queries.find(ticketId);
    if (!ticket) throw NOT_FOUND();
    if (ticket.status === 'closed') throw CLOSED();
    try {
      await this.temporal.workflow
        .getHandle(supportTicketWorkflowId(ticketId))
        .executeUpdate(supportTicketCloseUpdate, { args: [{ staffId }] });
    } catch (err) {
      throw await this.refusalOf(err, ticketId);
    }
    return { ticketId, status: 'closed' };
  }

  /** The reply this id recorded already, if any; refused when it said something else. */
  private async recordedReply(ticketId: string, replyId: string, body: string) {
    const earlier = await this.queries.reply(ticketId, replyId);
    if (!earlier) return undefined;
    if (earlier.body !== body) throw KEY_REUSED('reply');
    return { ticketId, replyId, repliedAt: earlier.sentAt };
  }

  /** The workflow's refusal (possibly inside an activity failure) as the client error it stands for. */
  private async refusalOf(err: unknown, ticketId: string): Promise<unknown> {
    if (err instanceof WorkflowUpdateFailedError) {
      for (let cause: unknown = err.cause; cause; cause = (cause as { cause?: unknown }).cause) {
        if (!(cause instanceof ApplicationFailure)) continue;
        if (cause.type === SUPPORT_TICKET_REFUSALS.closed) return CLOSED();
        if (cause.type === SUPPORT_TICKET_REFUSALS.keyReused) return KEY_REUSED('reply');
      }
      return err;
    }
    if (err instanceof WorkflowNotFoundError || isClosedWorkflow(err)) {
      // The workflow has ended: normally because the ticket was closed meanwhile.
      if ((await this.queries.find(ticketId))?.status === 'closed') return CLOSED();
      return new DomainError(
        'conflict',
        'support_ticket_unavailable',
        'The ticket is not being worked on; support must restart it before it takes replies',
      );
    }
    return err;
  }
}

/** An update sent to a workflow that already finished. */
const GRPC_NOT_FOUND = 5;
const isClosedWorkflow = (err: unknown): boolean =>
  err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === GRPC_NOT_FOUND;
