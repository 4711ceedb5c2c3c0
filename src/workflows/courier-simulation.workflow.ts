import { getExternalWorkflowHandle, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { checkoutWorkflowId, courierDeliveredSignal } from './checkout.contract';
import type { CourierSimulationInput } from './courier-simulation.contract';

const tickets = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export interface CourierSimulationResult {
  deliveredAt: string;
  /** Who heard of the delivery: the order's checkout, or (that having finished) the ticket directly. */
  reportedTo: 'checkout' | 'ticket';
}

/**
 * The simulated courier's parcel: it travels for `delayMs`, then the courier reports the delivery to
 * the order's checkout workflow, as a real courier's webhook would. A durable timer, so a restart of
 * every process on the way delays nothing and loses nothing.
 */
export async function courierSimulationWorkflow(input: CourierSimulationInput): Promise<CourierSimulationResult> {
  await sleep(input.delayMs);
  const report = {
    ticketId: input.ticketId,
    trackingNumber: input.trackingNumber,
    deliveredAt: new Date().toISOString(),
  };
  try {
    await getExternalWorkflowHandle(checkoutWorkflowId(input.orderId)).signal(courierDeliveredSignal, report);
    return { deliveredAt: report.deliveredAt, reportedTo: 'checkout' };
  } catch (err) {
    // The checkout is no longer running (or never ran): record the delivery on the ticket itself,
    // which is what a webhook handler would do, so the status never stays stuck at dispatched.
    log.warn('Checkout not reachable; recording the courier delivery directly', {
      orderId: input.orderId,
      error: err instanceof Error ? err.message : String(err),
    });
    await tickets.recordCourierDelivery(report);
    return { deliveredAt: report.deliveredAt, reportedTo: 'ticket' };
  }
}
