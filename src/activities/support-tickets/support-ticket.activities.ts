import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../config/config';
import type { Db } from '../../infra/db/prisma';
import type { EventMetadata } from '../../infra/event-store/types';
import type { OutgoingEmail } from '../../infra/mail/mailer';
import { UserDirectory } from '../../application/identity/user-directory';
import { SupportTicketCommands } from '../../application/support-tickets/support-ticket-commands';
import { supportTicketStatus, type SupportTicketState } from '../../domain/support-tickets/support-ticket';
import {
  acknowledgeSupportTicket,
  closeSupportTicket,
  replyToSupportTicket,
  submitSupportTicket,
} from '../../domain/support-tickets/support-ticket-decisions';
import type { SupportQueue, SupportTicketSubmitted } from '../../domain/support-tickets/support-ticket-events';
import {
  supportTicketWorkflowId,
  type SupportReplyInput,
  type SupportTicketProgress,
  type SupportTicketSubmission,
} from '../../workflows/support-ticket.contract';
import { deliverEmail, type EmailDeps } from '../email/send-email';
import { refusalsFinal as run } from '../refusals';
import {
  acknowledgementEmail,
  closedEmail,
  replyEmail,
  supportMessageKeys,
  type SupportTicketEmailContext,
} from './support-ticket-emails';

export interface SupportTicketActivityDeps extends EmailDeps {
  config: Pick<Config, 'http'>;
  db: Db;
}

/** Where the ticket stands once recorded: a workflow started again for a settled ticket just ends. */
export interface RecordedSupportTicket {
  queue: SupportQueue;
  status: Exclude<SupportTicketProgress['status'], 'received'>;
  replies: number;
  acknowledged: boolean;
}

type SubmittedTicket = SupportTicketState & { ticket: SupportTicketSubmitted['data'] };

/**
 * The support-ticket workflow's steps. Every write has a deterministic event id (from the ticket or
 * reply id) and every email a message key, so a retried step records nothing twice and sends nothing twice.
 */
export function createSupportTicketActivities(deps: SupportTicketActivityDeps) {
  const { config, db, eventStore } = deps;
  const tickets = new SupportTicketCommands(eventStore);
  const users = new UserDirectory(db);

  async function loadTicket(ticketId: string): Promise<SubmittedTicket> {
    const { state } = await tickets.load(ticketId);
    if (!state.ticket)
      throw ApplicationFailure.nonRetryable(`No support ticket ${ticketId}`, 'support_ticket_not_found');
    return state as SubmittedTicket;
  }

  /** Sends one email about the ticket to its customer, at most once per message key. */
  async function emailCustomer(
    state: SubmittedTicket,
    messageKey: string,
    template: string,
    compose: (ctx: SupportTicketEmailContext) => OutgoingEmail,
  ) {
    const { ticketId, customerId, subject } = state.ticket;
    const customer = await users.findById(customerId);
    if (!customer) throw ApplicationFailure.nonRetryable(`No customer ${customerId}`, 'customer_not_found');
    return deliverEmail(deps, {
      messageKey,
      template,
      correlationId: metadataFor(ticketId).correlationId,
      email: compose({
        to: customer.email,
        name: customer.name,
        ticketId,
        subject,
        link: `${config.http.baseUrl}/support/tickets/${ticketId}`,
      }),
    });
  }

  return {
    /** Records the ticket and routes it to its queue; answers where it stands (a retry writes nothing). */
    async recordSupportTicket(input: SupportTicketSubmission): Promise<RecordedSupportTicket> {
      const { state } = await run(() =>
        tickets.execute(input.ticketId, (s) => submitSupportTicket(s, { ...input, now: new Date() }), {
          operationId: `support-ticket-submitted:${input.ticketId}`,
          metadata: metadataFor(input.ticketId, input.customerId),
        }),
      );
      return {
        queue: state.queue!,
        status: supportTicketStatus(state),
        replies: state.replies.length,
        acknowledged: Boolean(state.acknowledgedAt),
      };
    },

    /** Emails the customer that the ticket arrived, then records it. Once acknowledged, sends nothing. */
    async acknowledgeSupportTicket(input: { ticketId: string }): Promise<void> {
      const state = await loadTicket(input.ticketId);
      if (state.acknowledgedAt) return;
      const messageKey = supportMessageKeys.acknowledgement(input.ticketId);
      const sent = await emailCustomer(state, messageKey, 'support-ticket-acknowledgement', acknowledgementEmail);
      await run(() =>
        tickets.execute(
          input.ticketId,
          (s) =>
            acknowledgeSupportTicket(s, { messageKey, providerMessageId: sent.providerMessageId, now: new Date() }),
          { operationId: `support-ticket-acknowledged:${input.ticketId}`, metadata: metadataFor(input.ticketId) },
        ),
      );
    },

    /**
     * Records a staff reply; the same reply id again (a retry whose answer was lost) records nothing and
     * answers the first one's time. Whether the reply is new to the workflow is the workflow's to know.
     */
    async recordSupportTicketReply(input: SupportReplyInput & { ticketId: string }): Promise<{ repliedAt: string }> {
      const { state } = await run(() =>
        tickets.execute(input.ticketId, (s) => replyToSupportTicket(s, { ...input, now: new Date() }), {
          operationId: `support-ticket-replied:${input.replyId}`,
          metadata: metadataFor(input.ticketId, input.staffId),
        }),
      );
      const reply = state.replies.find((r) => r.replyId === input.replyId)!;
      return { repliedAt: reply.at };
    },

    async closeSupportTicket(input: { ticketId: string; staffId: string }): Promise<{ closedAt: string }> {
      const { state } = await run(() =>
        tickets.execute(input.ticketId, (s) => closeSupportTicket(s, { staffId: input.staffId, now: new Date() }), {
          operationId: `support-ticket-closed:${input.ticketId}`,
          metadata: metadataFor(input.ticketId, input.staffId),
        }),
      );
      return { closedAt: state.closedAt! };
    },

    /** Emails one staff reply to the customer (the reply is read from the ticket, not carried in history). */
    async emailSupportTicketReply(input: { ticketId: string; replyId: string }): Promise<void> {
      const state = await loadTicket(input.ticketId);
      const reply = state.replies.find((r) => r.replyId === input.replyId);
      if (!reply) throw ApplicationFailure.nonRetryable(`No reply ${input.replyId}`, 'support_reply_not_found');
      await emailCustomer(state, supportMessageKeys.reply(input.replyId), 'support-ticket-reply', (ctx) =>
        replyEmail({ ...ctx, reply: reply.body }),
      );
    },

    async emailSupportTicketClosed(input: { ticketId: string }): Promise<void> {
      const state = await loadTicket(input.ticketId);
      await emailCustomer(state, supportMessageKeys.closed(input.ticketId), 'support-ticket-closed', closedEmail);
    },
  };
}

/** Facts are correlated with the workflow that asked for them, or else the ticket's own workflow. */
function metadataFor(ticketId: string, actor = 'system'): EventMetadata {
  let workflowId: string | undefined;
  try {
    workflowId = activityInfo().workflowExecution?.workflowId;
  } catch {
    // Called outside an activity (a script or test).
  }
  return { correlationId: workflowId ?? supportTicketWorkflowId(ticketId), actor };
}
