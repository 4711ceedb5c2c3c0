import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  makeContinueAsNewFunc,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  SUPPORT_TICKET_REFUSALS,
  supportTicketCloseUpdate,
  supportTicketReplyUpdate,
  supportTicketStatusQuery,
  type SupportReplyInput,
  type SupportTicketEmail,
  type SupportTicketInput,
  type SupportTicketProgress,
} from './support-ticket.contract';

// Database steps are quick; retry them patiently, they only fail while Postgres is away.
const records = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
// No email to the customer may be lost: while the provider is down, retry with back-off and without end.
// Each email has its own message key, so a retry never sends it twice.
const mail = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
});

/**
 * A support ticket, from the customer's submission to its close. The API only starts this workflow
 * (so the customer never waits on the back office): 1) record the ticket and route it to a support
 * queue, 2) acknowledge it to the customer by email, 3) take staff replies and the close as updates,
 * each answered as soon as it is recorded; the emails they cause go out afterwards, in order.
 */
export async function supportTicketWorkflow(input: SupportTicketInput): Promise<SupportTicketProgress> {
  const { ticketId } = input;
  const progress: SupportTicketProgress = input.carried?.progress ?? {
    ticketId,
    status: 'received',
    queue: null,
    acknowledged: false,
    replies: 0,
    pendingEmails: 0,
  };
  /** Emails owed to the customer, oldest first: sent by the workflow, never by an update handler. */
  const outbox: SupportTicketEmail[] = [...(input.carried?.outbox ?? [])];
  /** Replies taken, in this run or an earlier one: each is counted and emailed once. */
  const replyIds = new Set(input.carried?.replyIds ?? []);
  // Set as soon as a close is accepted, so no reply is accepted after it.
  let closing = progress.status === 'closed';
  let repliesInFlight = 0;
  const recorded = () => progress.status !== 'received';

  setHandler(supportTicketStatusQuery, () => ({ ...progress, pendingEmails: outbox.length }));
  setHandler(
    supportTicketReplyUpdate,
    async (reply) => {
      repliesInFlight += 1;
      try {
        await condition(recorded);
        const { repliedAt } = await records.recordSupportTicketReply({ ticketId, ...reply });
        // Recorded now, or by an attempt whose answer was lost: either way it is owed its email.
        if (!replyIds.has(reply.replyId)) {
          replyIds.add(reply.replyId);
          progress.replies += 1;
          outbox.push({ kind: 'reply', replyId: reply.replyId });
        }
        if (progress.status === 'open') progress.status = 'answered';
        return { replyId: reply.replyId, repliedAt };
      } finally {
        repliesInFlight -= 1;
      }
    },
    { validator: (_reply: SupportReplyInput) => refuseIfClosed(closing) },
  );
  setHandler(
    supportTicketCloseUpdate,
    async ({ staffId }) => {
      closing = true;
      try {
        // Replies accepted before the close are recorded (and emailed) before it.
        await condition(() => recorded() && repliesInFlight === 0);
        const { closedAt } = await records.closeSupportTicket({ ticketId, staffId });
        progress.status = 'closed';
        outbox.push({ kind: 'closed' });
        return { closedAt };
      } catch (err) {
        closing = false;
        throw err;
      }
    },
    { validator: (_close: { staffId: string }) => refuseIfClosed(closing) },
  );

  if (!recorded()) {
    // 1. Record the ticket and route it to a support queue.
    const ticket = await records.recordSupportTicket(input);
    progress.queue = ticket.queue;
    progress.replies = ticket.replies;
    progress.acknowledged = ticket.acknowledged;
    progress.status = ticket.status;
    // A ticket closed already (this workflow was started again after the first one's history expired).
    if (ticket.status === 'closed') {
      closing = true;
      return finish();
    }
    // 2. Acknowledge it to the customer.
    if (!progress.acknowledged) {
      progress.acknowledged = await send(() => mail.acknowledgeSupportTicket({ ticketId }), 'acknowledgement');
    }
  }

  // 3. Staff answer and close it; each reply and the close are emailed to the customer.
  for (;;) {
    await condition(() => outbox.length > 0 || progress.status === 'closed' || workflowInfo().continueAsNewSuggested);
    await sendOutbox();
    if (progress.status === 'closed') return finish();
    if (workflowInfo().continueAsNewSuggested) {
      // Updates in flight finish in this run; whatever they leave to send goes along.
      await condition(allHandlersFinished);
      const continueAsNew = makeContinueAsNewFunc<typeof supportTicketWorkflow>({ memo: workflowInfo().memo });
      return continueAsNew({ ...input, carried: { progress, outbox, replyIds: [...replyIds] } });
    }
  }

  async function finish(): Promise<SupportTicketProgress> {
    await condition(allHandlersFinished);
    await sendOutbox();
    return { ...progress, pendingEmails: 0 };
  }

  async function sendOutbox(): Promise<void> {
    while (outbox.length > 0) {
      const email = outbox[0];
      if (email.kind === 'reply') {
        await send(() => mail.emailSupportTicketReply({ ticketId, replyId: email.replyId }), 'reply');
      } else {
        await send(() => mail.emailSupportTicketClosed({ ticketId }), 'closing notice');
      }
      outbox.shift();
    }
  }
}

/**
 * Sends one email. Only a final failure gets here (the provider refused the message, the customer's
 * account is gone): the ticket is still served, so it is logged rather than failing the workflow.
 */
async function send(email: () => Promise<void>, what: string): Promise<boolean> {
  try {
    await email();
    return true;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    log.warn(`support ticket ${what} email not delivered`, { error: (err.cause ?? err).message });
    return false;
  }
}

function refuseIfClosed(closing: boolean): void {
  if (!closing) return;
  throw ApplicationFailure.create({
    type: SUPPORT_TICKET_REFUSALS.closed,
    message: 'The ticket is closed',
    nonRetryable: true,
  });
}
