import { randomUUID } from 'node:crypto';
import { supportTicketWorkflowId } from '../../src/workflows/support-ticket.contract';
import { replayAndRecord } from '../support/replay-history';
import { registerFan } from '../support/shop';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { placeSupportTestOrder, supportTicketServices } from '../support/support-tickets';

/**
 * Histories of the support-ticket workflow, replayed on the current code; with RECORD_HISTORIES=1 they
 * are stored as fixtures that test/workflow/replay.test.ts replays from then on.
 */
describe('support ticket workflow histories', () => {
  let stack: TestStack;
  let services: ReturnType<typeof supportTicketServices>;

  beforeAll(async () => {
    stack = await startTestStack();
    services = supportTicketServices(stack.infra, stack.temporal);
  });
  afterAll(() => stack?.stop());

  it('replays a ticket recorded, acknowledged, answered twice and closed', async () => {
    const fan = await registerFan(stack.infra);
    const staffId = randomUUID();
    const orderId = await placeSupportTestOrder(stack.infra, fan.userId);
    const { ticketId } = await services.requests.submit(fan.userId, 'replay', {
      subject: 'Tickets not received',
      body: 'I paid but got no email.',
      orderId,
    });
    await eventually(async () =>
      (await stack.infra.db.supportTicket.findUnique({ where: { id: ticketId } }))?.acknowledgedAt ? true : undefined,
    );
    await services.requests.reply(staffId, ticketId, 'first', 'We sent them again.');
    await services.requests.reply(staffId, ticketId, 'second', 'Did they arrive?');
    await services.requests.close(staffId, ticketId);
    const handle = stack.temporal.workflow.getHandle(supportTicketWorkflowId(ticketId));
    await expect(handle.result()).resolves.toMatchObject({ status: 'closed', replies: 2 });
    await replayAndRecord(handle, 'support-ticket-closed');
  });
});
