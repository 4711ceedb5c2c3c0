import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/config';
import { createInfrastructure } from '../../src/infra/infrastructure';
import { createTemporalClient } from '../../src/infra/temporal/client';
import { createWorker } from '../../src/worker/create-worker';
import { supportTicketProjections } from '../../src/read-models/support-tickets';
import { rebuildReadModels } from '../../src/read-models/rebuild';
import { snapshotTables } from '../support/table-snapshot';
import { startWrappedWorker } from '../support/wrapped-worker';
import {
  supportTicketStatusQuery,
  supportTicketWorkflowId,
  type SupportTicketProgress,
} from '../../src/workflows/support-ticket.contract';
import type { supportTicketWorkflow } from '../../src/workflows/support-ticket.workflow';
import { registerFan } from '../support/shop';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import {
  placeSupportTestOrder,
  supportMessageKeys,
  supportTicketEventTypes,
  supportTicketServices,
  withKey,
} from '../support/support-tickets';

describe('support ticket workflow (real Temporal dev server, Postgres and mail sink)', () => {
  let stack: TestStack;
  let services: ReturnType<typeof supportTicketServices>;
  const staffId = randomUUID();

  beforeAll(async () => {
    stack = await startTestStack();
    services = supportTicketServices(stack.infra, stack.temporal);
  });
  afterAll(() => stack?.stop());

  const row = (ticketId: string) => stack.infra.db.supportTicket.findUnique({ where: { id: ticketId } });
  const mailTo = (to: string) => stack.sink.messages().filter((m) => m.to.includes(to));
  const handle = (ticketId: string) => stack.temporal.workflow.getHandle(supportTicketWorkflowId(ticketId));
  const acknowledged = (ticketId: string) =>
    eventually(async () => ((await row(ticketId))?.acknowledgedAt ? row(ticketId) : undefined));
  const mailWithKey = (key: string) =>
    eventually(() => {
      const sent = withKey(stack.sink.messages(), key);
      return sent.length > 0 ? sent : undefined;
    });

  it('records, routes and acknowledges a ticket; emails each reply and the close; ends closed', async () => {
    const fan = await registerFan(stack.infra, 'Ada <Support>');
    const orderId = await placeSupportTestOrder(stack.infra, fan.userId);
    const { ticketId, status } = await services.requests.submit(fan.userId, undefined, {
      subject: '  Tickets not received ',
      body: 'I paid for <two> tickets & got no email.',
      orderId,
    });
    expect(status).toBe('received');

    const recorded = await acknowledged(ticketId);
    expect(recorded).toMatchObject({
      customerId: fan.userId,
      orderId,
      subject: 'Tickets not received',
      body: 'I paid for <two> tickets & got no email.',
      queue: 'orders',
      status: 'open',
      replyCount: 0,
    });
    const [ack] = await mailWithKey(supportMessageKeys.acknowledgement(ticketId));
    expect(ack.to).toEqual([fan.email]);
    expect(ack.subject).toContain('Tickets not received');
    expect(ack.html).toContain('Ada &lt;Support&gt;');
    expect(ack.html).not.toContain('<Support>');
    expect(await supportTicketEventTypes(stack.infra, ticketId)).toEqual([
      'SupportTicketSubmitted',
      'SupportTicketRouted',
      'SupportTicketAcknowledged',
    ]);

    const first = await services.requests.reply(staffId, ticketId, undefined, 'We sent them <again> & checked.');
    expect(first).toMatchObject({ ticketId, replyId: expect.any(String), repliedAt: expect.any(String) });
    // The reply is recorded when the update answers; the email follows.
    expect(await row(ticketId)).toMatchObject({
      status: 'answered',
      replyCount: 1,
      lastReplyAt: new Date(first.repliedAt),
    });
    const [firstMail] = await mailWithKey(supportMessageKeys.reply(first.replyId));
    expect(firstMail.to).toEqual([fan.email]);
    expect(firstMail.text).toContain('We sent them <again> & checked.');
    expect(firstMail.html).toContain('We sent them &lt;again&gt; &amp; checked.');

    const second = await services.requests.reply(staffId, ticketId, undefined, 'Did they arrive?');
    await mailWithKey(supportMessageKeys.reply(second.replyId));
    const progress: SupportTicketProgress = await handle(ticketId).query(supportTicketStatusQuery);
    expect(progress).toMatchObject({ status: 'answered', queue: 'orders', acknowledged: true, replies: 2 });
    const messages = await stack.infra.db.supportTicketMessage.findMany({
      where: { ticketId },
      orderBy: { position: 'asc' },
    });
    expect(messages.map((m) => [m.position, m.id, m.body, m.staffId])).toEqual([
      [1, first.replyId, 'We sent them <again> & checked.', staffId],
      [2, second.replyId, 'Did they arrive?', staffId],
    ]);

    await expect(services.requests.close(staffId, ticketId)).resolves.toEqual({ ticketId, status: 'closed' });
    expect(await row(ticketId)).toMatchObject({ status: 'closed', closedAt: expect.any(Date), replyCount: 2 });
    await expect(handle(ticketId).result()).resolves.toMatchObject({ status: 'closed', replies: 2, pendingEmails: 0 });
    const [notice] = await mailWithKey(supportMessageKeys.closed(ticketId));
    expect(notice.subject).toContain('Closed');

    // Exactly one email per key, in the order of the process.
    expect(mailTo(fan.email).map((m) => m.customArgs.message_key)).toEqual([
      supportMessageKeys.acknowledgement(ticketId),
      supportMessageKeys.reply(first.replyId),
      supportMessageKeys.reply(second.replyId),
      supportMessageKeys.closed(ticketId),
    ]);
    expect(await supportTicketEventTypes(stack.infra, ticketId)).toEqual([
      'SupportTicketSubmitted',
      'SupportTicketRouted',
      'SupportTicketAcknowledged',
      'SupportTicketReplied',
      'SupportTicketReplied',
      'SupportTicketClosed',
    ]);

    // A closed ticket takes no more replies and no second close.
    await expect(services.requests.reply(staffId, ticketId, undefined, 'One more')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'ticket_closed',
    });
    await expect(services.requests.close(staffId, ticketId)).rejects.toMatchObject({ code: 'ticket_closed' });
  });

  it('sends each email once while the provider fails and when a step runs again', async () => {
    const fan = await registerFan(stack.infra);
    // The provider is down for the first sends: the acknowledgement is retried until it goes out.
    stack.sink.injectFailures({ status: 503, count: 2 });
    const { ticketId } = await services.requests.submit(fan.userId, 'retry-key', {
      subject: 'Invoice question',
      body: 'Where is my invoice?',
    });
    await acknowledged(ticketId);
    expect((await row(ticketId))?.queue).toBe('general');
    const attempts = (await handle(ticketId).fetchHistory()).events!.flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : [],
    );
    expect(Math.max(...attempts)).toBeGreaterThan(1);

    const reply = await services.requests.reply(staffId, ticketId, 'reply-key', 'Attached again.');
    await mailWithKey(supportMessageKeys.reply(reply.replyId));
    // The same reply retried (same Idempotency-Key): the same reply, recorded and emailed once.
    await expect(services.requests.reply(staffId, ticketId, 'reply-key', 'Attached again.')).resolves.toEqual(reply);
    await expect(services.requests.reply(staffId, ticketId, 'reply-key', 'Another text')).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });

    // Each step run again (as a retry after a lost answer would): nothing is recorded or sent twice.
    const events = await supportTicketEventTypes(stack.infra, ticketId);
    await services.activities.acknowledgeSupportTicket({ ticketId });
    await services.activities.emailSupportTicketReply({ ticketId, replyId: reply.replyId });
    await services.activities.recordSupportTicketReply({
      ticketId,
      replyId: reply.replyId,
      staffId,
      body: 'Attached again.',
    });
    expect(await supportTicketEventTypes(stack.infra, ticketId)).toEqual(events);
    expect(events.filter((t) => t === 'SupportTicketReplied')).toHaveLength(1);
    expect(withKey(stack.sink.messages(), supportMessageKeys.acknowledgement(ticketId))).toHaveLength(1);
    expect(withKey(stack.sink.messages(), supportMessageKeys.reply(reply.replyId))).toHaveLength(1);

    await services.requests.close(staffId, ticketId);
    await handle(ticketId).result();
    await services.activities.emailSupportTicketClosed({ ticketId });
    expect(withKey(stack.sink.messages(), supportMessageKeys.closed(ticketId))).toHaveLength(1);
    expect(mailTo(fan.email)).toHaveLength(3);
  });

  it('emails a reply whose recording committed but whose answer was lost, once', async () => {
    // A worker of its own whose first recording of a reply commits and then fails, as when the worker
    // dies or times out right after the commit: the retry finds the reply there already.
    const config = loadConfig({
      ...process.env,
      MAIL_SINK_URL: stack.sink.url,
      TEMPORAL_TASK_QUEUE: `support-lost-answer-${randomUUID()}`,
    });
    const infra = createInfrastructure(config);
    const temporal = createTemporalClient(config.temporal);
    let lostAnswers = 0;
    const worker = await startWrappedWorker(infra, config.temporal.taskQueue, (real) => ({
      async recordSupportTicketReply(input) {
        const answer = await real.recordSupportTicketReply(input);
        if (lostAnswers++ === 0) throw new Error('the answer was lost after the commit');
        return answer;
      },
    }));
    try {
      const lost = supportTicketServices(infra, temporal);
      const fan = await registerFan(infra);
      const { ticketId } = await lost.requests.submit(fan.userId, undefined, { subject: 'Lost', body: 'Answer me' });
      await acknowledged(ticketId);

      const reply = await lost.requests.reply(staffId, ticketId, undefined, 'Here is your answer.');
      expect(lostAnswers).toBe(2);
      const [sent] = await mailWithKey(supportMessageKeys.reply(reply.replyId));
      expect(sent.text).toContain('Here is your answer.');
      const progress: SupportTicketProgress = await temporal.workflow
        .getHandle(supportTicketWorkflowId(ticketId))
        .query(supportTicketStatusQuery);
      expect(progress).toMatchObject({ status: 'answered', replies: 1 });

      await lost.requests.close(staffId, ticketId);
      await expect(temporal.workflow.getHandle(supportTicketWorkflowId(ticketId)).result()).resolves.toMatchObject({
        status: 'closed',
        replies: 1,
        pendingEmails: 0,
      });
      expect((await supportTicketEventTypes(infra, ticketId)).filter((t) => t === 'SupportTicketReplied')).toHaveLength(
        1,
      );
      expect(mailTo(fan.email).map((m) => m.customArgs.message_key)).toEqual([
        supportMessageKeys.acknowledgement(ticketId),
        supportMessageKeys.reply(reply.replyId),
        supportMessageKeys.closed(ticketId),
      ]);
    } finally {
      await worker.stop();
      await temporal.connection.close();
      await infra.close();
    }
  });

  it('takes a resubmission with the same key as the same ticket: one workflow, one email', async () => {
    const fan = await registerFan(stack.infra);
    const request = { subject: 'Refund', body: 'Please refund my order.' };
    const answers = await Promise.all([
      services.requests.submit(fan.userId, 'same-key', request),
      services.requests.submit(fan.userId, 'same-key', request),
    ]);
    expect(answers[1]).toEqual(answers[0]);
    const { ticketId } = answers[0];
    await acknowledged(ticketId);
    // After it is recorded, too; with another body the key is refused.
    await expect(services.requests.submit(fan.userId, 'same-key', request)).resolves.toEqual(answers[0]);
    await expect(
      services.requests.submit(fan.userId, 'same-key', { ...request, body: 'Something else' }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'idempotency_key_reused' });

    const runs = [];
    for await (const run of stack.temporal.workflow.list({
      query: `WorkflowId = '${supportTicketWorkflowId(ticketId)}'`,
    }))
      runs.push(run);
    expect(runs).toHaveLength(1);
    expect(
      (await supportTicketEventTypes(stack.infra, ticketId)).filter((t) => t === 'SupportTicketSubmitted'),
    ).toHaveLength(1);
    expect(mailTo(fan.email)).toHaveLength(1);
    await services.requests.close(staffId, ticketId);
  });

  it('refuses an order of another customer as not found, and writes nothing', async () => {
    const fan = await registerFan(stack.infra);
    const other = await registerFan(stack.infra);
    const foreignOrder = await placeSupportTestOrder(stack.infra, other.userId);
    for (const orderId of [foreignOrder, randomUUID()]) {
      await expect(
        services.requests.submit(fan.userId, `order-${orderId}`, {
          subject: 'Help',
          body: 'About this order',
          orderId,
        }),
      ).rejects.toMatchObject({ kind: 'not_found', code: 'order_not_found' });
    }
    expect(await stack.infra.db.supportTicket.count({ where: { customerId: fan.userId } })).toBe(0);
  });

  it('goes on from where the previous run stood when it continues as new', async () => {
    // A ticket answered in an earlier run whose reply email is still owed: the carried state says so.
    const fan = await registerFan(stack.infra);
    const ticketId = randomUUID();
    const submission = {
      ticketId,
      customerId: fan.userId,
      subject: 'Carried',
      body: 'Across runs',
      orderId: null,
      submittedAt: new Date().toISOString(),
    };
    await services.activities.recordSupportTicket(submission);
    await services.activities.acknowledgeSupportTicket({ ticketId });
    const replyId = randomUUID();
    await services.activities.recordSupportTicketReply({ ticketId, replyId, staffId, body: 'Carried reply' });
    const carried = await stack.temporal.workflow.start<typeof supportTicketWorkflow>('supportTicketWorkflow', {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: supportTicketWorkflowId(ticketId),
      args: [
        {
          ...submission,
          carried: {
            progress: {
              ticketId,
              status: 'answered',
              queue: 'general',
              acknowledged: true,
              replies: 1,
              pendingEmails: 1,
            },
            outbox: [{ kind: 'reply', replyId }],
          },
        },
      ],
    });
    await mailWithKey(supportMessageKeys.reply(replyId));
    await services.requests.close(staffId, ticketId);
    await expect(carried.result()).resolves.toMatchObject({ status: 'closed', replies: 1 });
    // Nothing of the first run is done again: one acknowledgement, one reply email, one notice.
    expect(mailTo(fan.email).map((m) => m.customArgs.message_key)).toEqual([
      supportMessageKeys.acknowledgement(ticketId),
      supportMessageKeys.reply(replyId),
      supportMessageKeys.closed(ticketId),
    ]);
  });

  it('ends at once, sending nothing, when started again for a ticket that is closed already', async () => {
    // What a retried submission does once the first workflow's history is gone (the read model answers
    // the API first; this is the workflow's own guard).
    const fan = await registerFan(stack.infra);
    const ticketId = randomUUID();
    const submission = {
      ticketId,
      customerId: fan.userId,
      subject: 'Settled',
      body: 'Long ago',
      orderId: null,
      submittedAt: new Date().toISOString(),
    };
    await services.activities.recordSupportTicket(submission);
    await services.activities.closeSupportTicket({ ticketId, staffId });
    const events = await supportTicketEventTypes(stack.infra, ticketId);
    const again = await stack.temporal.workflow.start<typeof supportTicketWorkflow>('supportTicketWorkflow', {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: supportTicketWorkflowId(ticketId),
      args: [submission],
    });
    await expect(again.result()).resolves.toMatchObject({ status: 'closed', acknowledged: false });
    expect(await supportTicketEventTypes(stack.infra, ticketId)).toEqual(events);
    expect(mailTo(fan.email)).toEqual([]);
  });

  describe('while the back office (the worker) is down', () => {
    it('accepts tickets at once and processes them when it returns, losing none', async () => {
      // An API on a task queue no worker polls yet: the back office is down.
      const config = loadConfig({
        ...process.env,
        MAIL_SINK_URL: stack.sink.url,
        TEMPORAL_TASK_QUEUE: `support-down-${randomUUID()}`,
      });
      const infra = createInfrastructure(config);
      const temporal = createTemporalClient(config.temporal);
      const down = supportTicketServices(infra, temporal);
      let worker: Awaited<ReturnType<typeof createWorker>> | undefined;
      let running: Promise<void> | undefined;
      try {
        const fan = await registerFan(infra);
        const started = Date.now();
        const first = await down.requests.submit(fan.userId, 'down-1', { subject: 'Down 1', body: 'First while down' });
        const second = await down.requests.submit(fan.userId, undefined, {
          subject: 'Down 2',
          body: 'Second while down',
        });
        // Retried while down: the same ticket, not a second one.
        await expect(
          down.requests.submit(fan.userId, 'down-1', { subject: 'Down 1', body: 'First while down' }),
        ).resolves.toEqual(first);
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(first.status).toBe('received');

        await new Promise((r) => setTimeout(r, 1_500));
        for (const { ticketId } of [first, second]) {
          expect(await supportTicketEventTypes(infra, ticketId)).toEqual([]);
          expect(await infra.db.supportTicket.findUnique({ where: { id: ticketId } })).toBeNull();
          expect((await temporal.workflow.getHandle(supportTicketWorkflowId(ticketId)).describe()).status.name).toBe(
            'RUNNING',
          );
        }
        expect(mailTo(fan.email)).toEqual([]);

        // The back office returns.
        worker = await createWorker(infra, { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! } });
        running = worker.run();
        for (const { ticketId } of [first, second]) {
          const recorded = await eventually(async () => {
            const found = await infra.db.supportTicket.findUnique({ where: { id: ticketId } });
            return found?.acknowledgedAt ? found : undefined;
          });
          expect(recorded).toMatchObject({ queue: 'general', status: 'open', customerId: fan.userId });
          expect(await supportTicketEventTypes(infra, ticketId)).toEqual([
            'SupportTicketSubmitted',
            'SupportTicketRouted',
            'SupportTicketAcknowledged',
          ]);
          expect(withKey(stack.sink.messages(), supportMessageKeys.acknowledgement(ticketId))).toHaveLength(1);
        }
        // Its time is when the API accepted it, not when the back office got to it.
        const firstRow = await infra.db.supportTicket.findUniqueOrThrow({ where: { id: first.ticketId } });
        expect(firstRow.submittedAt.getTime()).toBeLessThan(firstRow.acknowledgedAt!.getTime() - 1_000);
        expect(mailTo(fan.email)).toHaveLength(2);
        for (const { ticketId } of [first, second]) await down.requests.close(staffId, ticketId);
      } finally {
        worker?.worker.shutdown();
        await running;
        await temporal.connection.close();
        await infra.close();
      }
    });
  });

  it('rebuilds the support read models from the events exactly as they were kept', async () => {
    // Every ticket above is closed by now, so no workflow writes meanwhile.
    const tables = ['support_tickets', 'support_ticket_messages'];
    const before = await snapshotTables(stack.infra.db, tables);
    expect(before.support_tickets.length).toBeGreaterThan(5);
    expect(before.support_ticket_messages.length).toBeGreaterThan(2);
    await stack.infra.db.supportTicket.updateMany({ data: { status: 'open', replyCount: 0 } });
    await rebuildReadModels(stack.infra.db, stack.infra.eventStore, supportTicketProjections);
    expect(await snapshotTables(stack.infra.db, tables)).toEqual(before);
  });
});
