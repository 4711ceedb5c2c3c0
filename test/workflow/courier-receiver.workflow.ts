import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createTicketActivities } from '../../src/activities/tickets/tickets.activities';
import { courierDeliveredSignal } from '../../src/workflows/checkout.contract';

// Stands in for the checkout's courier step in tests: it dispatches one ticket through the real
// activity (which starts the simulated courier with the activity's client), waits for the courier's
// signal and records the delivery, as the checkout does.

const tickets = proxyActivities<ReturnType<typeof createTicketActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', maximumInterval: '1s' },
});

export interface CourierReport {
  ticketId: string;
  trackingNumber: string;
  deliveredAt: string;
}

export async function courierReceiverWorkflow(input: {
  ticketId: string;
}): Promise<{ trackingNumber?: string; reports: CourierReport[] }> {
  const reports: CourierReport[] = [];
  setHandler(courierDeliveredSignal, (report) => void reports.push(report));
  const { trackingNumber } = await tickets.deliverTicket({ ticketId: input.ticketId });
  await condition(() => reports.length > 0);
  await tickets.recordCourierDelivery(reports[0]);
  return { trackingNumber, reports };
}
