import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createTicketActivities } from '../../src/activities/tickets/tickets.activities';
import { Registration } from '../../src/application/identity/registration';
import { ticketStreamId } from '../../src/domain/tickets/ticket-events';
import { SimulatedCourier, simulatedTrackingNumber } from '../../src/infra/courier/simulated-courier';
import { checkoutWorkflowId } from '../../src/workflows/checkout.contract';
import { courierSimulationWorkflowId } from '../../src/workflows/courier-simulation.contract';
import type { CourierSimulationResult } from '../../src/workflows/courier-simulation.workflow';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { COURIER_ADDRESS, placeTestOrder } from '../support/ticket-orders';

const DELAY_MS = 1000;

describe('the simulated courier (real Temporal dev server and Postgres)', () => {
  let stack: TestStack;
  let receiverWorker: Worker;
  let receiverRunning: Promise<void>;
  let registration: Registration;
  const receiverQueue = `courier-receiver-${randomUUID()}`;

  /** The ticket activities as the worker has them, but with this test's client for calls made outside a worker. */
  const directActivities = () =>
    createTicketActivities({
      ...stack.infra,
      courier: new SimulatedCourier({
        deliveryDelayMs: DELAY_MS,
        taskQueue: stack.config.temporal.taskQueue,
        client: () => stack.temporal,
      }),
    });

  async function courierTicket(): Promise<{ orderId: string; ticketId: string }> {
    const customer = await registration.register({
      email: `courier-${randomUUID()}@example.test`,
      password: 'good-password-1',
      name: 'Courier Fan',
    });
    const placed = await placeTestOrder(stack.infra.eventStore, {
      customerId: customer.id,
      concertId: randomUUID(),
      accountId: randomUUID(),
      delivery: { method: 'courier', address: COURIER_ADDRESS },
      lines: [{ quantity: 1 }],
    });
    const { ticketIds } = await directActivities().issueTickets({ orderId: placed.orderId });
    return { orderId: placed.orderId, ticketId: ticketIds[0] };
  }
  const ticketEvents = async (ticketId: string) =>
    (await stack.infra.eventStore.readStream(ticketStreamId(ticketId))).map((e) => e.type);
  const runsOf = async (workflowId: string) => {
    const runs: string[] = [];
    for await (const wf of stack.temporal.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runs.push(wf.runId);
    return runs;
  };

  beforeAll(async () => {
    stack = await startTestStack({ COURIER_DELIVERY_DELAY: `${DELAY_MS}ms` });
    registration = new Registration(stack.infra.db, stack.infra.users);
    // A worker for the stand-in checkout; the worker of the stack runs the courier simulation.
    receiverWorker = await Worker.create({
      connection: await NativeConnection.connect({ address: stack.config.temporal.address }),
      taskQueue: receiverQueue,
      workflowsPath: require.resolve('./courier-receiver.workflow'),
      activities: createTicketActivities(stack.infra),
    });
    receiverRunning = receiverWorker.run();
  }, 120_000);
  afterAll(async () => {
    receiverWorker?.shutdown();
    await receiverRunning;
    await stack?.stop();
  });

  it('dispatches from inside an activity and signals the waiting checkout once the parcel arrives', async () => {
    const { orderId, ticketId } = await courierTicket();
    const trackingNumber = simulatedTrackingNumber(ticketId);
    const startedAt = Date.now();

    const checkout = await stack.temporal.workflow.start('courierReceiverWorkflow', {
      workflowId: checkoutWorkflowId(orderId),
      taskQueue: receiverQueue,
      args: [{ ticketId }],
    });
    const outcome = (await checkout.result()) as { trackingNumber: string; reports: Array<Record<string, string>> };

    expect(outcome.trackingNumber).toBe(trackingNumber);
    expect(outcome.reports).toEqual([{ ticketId, trackingNumber, deliveredAt: expect.any(String) }]);
    // The parcel travelled the configured time before it was reported.
    expect(Date.parse(outcome.reports[0].deliveredAt)).toBeGreaterThanOrEqual(startedAt + DELAY_MS - 50);
    const simulation = stack.temporal.workflow.getHandle(courierSimulationWorkflowId(trackingNumber));
    await expect(simulation.result()).resolves.toEqual({
      deliveredAt: outcome.reports[0].deliveredAt,
      reportedTo: 'checkout',
    });
    expect(await ticketEvents(ticketId)).toEqual(['TicketIssued', 'TicketDispatched', 'TicketDelivered']);
    const delivery = await stack.infra.db.ticketDelivery.findUniqueOrThrow({ where: { ticketId } });
    expect(delivery).toMatchObject({ status: 'delivered', trackingNumber, carrier: 'simulated' });
    expect(delivery.updatedAt.toISOString()).toBe(outcome.reports[0].deliveredAt);
  });

  it('records the delivery on the ticket itself when no checkout is listening any more', async () => {
    const { ticketId } = await courierTicket();
    const trackingNumber = simulatedTrackingNumber(ticketId);

    expect(await directActivities().deliverTicket({ ticketId })).toEqual({ method: 'courier', trackingNumber });

    const result: CourierSimulationResult = await stack.temporal.workflow
      .getHandle(courierSimulationWorkflowId(trackingNumber))
      .result();
    expect(result.reportedTo).toBe('ticket');
    expect(await ticketEvents(ticketId)).toEqual(['TicketIssued', 'TicketDispatched', 'TicketDelivered']);
  });

  it('never sends a parcel twice: dispatching the same ticket again joins the one running or arrived', async () => {
    const { orderId, ticketId } = await courierTicket();
    const courier = new SimulatedCourier({
      deliveryDelayMs: DELAY_MS,
      taskQueue: stack.config.temporal.taskQueue,
      client: () => stack.temporal,
    });
    const shipment = { ticketId, orderId, address: COURIER_ADDRESS };

    // The activity and a stray retry of the courier call race; both get the one shipment.
    const [delivered, receipt] = await Promise.all([
      directActivities().deliverTicket({ ticketId }),
      courier.dispatch(shipment),
    ]);
    const receipts = [{ trackingNumber: delivered.trackingNumber!, carrier: 'simulated' }, receipt];
    const workflowId = courierSimulationWorkflowId(receipts[0].trackingNumber);
    expect(receipts[1]).toEqual(receipts[0]);
    await stack.temporal.workflow.getHandle(workflowId).result();
    // After delivery too, a retried dispatch is the same shipment.
    expect(await courier.dispatch(shipment)).toEqual(receipts[0]);
    await eventually(async () => ((await runsOf(workflowId)).length > 0 ? true : undefined));
    expect(await runsOf(workflowId)).toHaveLength(1);
  });
});
