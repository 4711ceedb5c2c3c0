import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { courierSimulationWorkflowId, type CourierSimulationInput } from '../../workflows/courier-simulation.contract';
import type { Courier, DispatchReceipt, Shipment } from './courier';

export interface SimulatedCourierOptions {
  /** How long a parcel travels before delivery is reported. */
  deliveryDelayMs: number;
  /** Where the worker runs the simulation workflow. */
  taskQueue: string;
  /** The Temporal client to start the simulation with; by default the calling activity's. */
  client?: () => Client;
}

export const SIMULATED_CARRIER = 'simulated';

/** The tracking number a ticket travels under: the same ticket always gets the same one. */
export const simulatedTrackingNumber = (ticketId: string): string =>
  `SIM-${createHash('sha256').update(`simulated-courier:${ticketId}`).digest('hex').slice(0, 16).toUpperCase()}`;

/**
 * A courier for local runs and tests. Its "delivery" is a durable workflow that waits and then
 * reports back like a real courier's webhook would, so it survives restarts just as a real parcel
 * does. Dispatching the same ticket again joins the shipment already on its way (or delivered).
 */
export class SimulatedCourier implements Courier {
  readonly carrier = SIMULATED_CARRIER;

  constructor(private readonly options: SimulatedCourierOptions) {}

  async dispatch(shipment: Shipment): Promise<DispatchReceipt> {
    const trackingNumber = simulatedTrackingNumber(shipment.ticketId);
    const client = this.options.client?.() ?? Context.current().client;
    const input: CourierSimulationInput = {
      ticketId: shipment.ticketId,
      orderId: shipment.orderId,
      trackingNumber,
      delayMs: this.options.deliveryDelayMs,
    };
    try {
      await client.workflow.start('courierSimulationWorkflow', {
        workflowId: courierSimulationWorkflowId(trackingNumber),
        taskQueue: this.options.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A shipment that arrived already must not travel a second time.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return { trackingNumber, carrier: this.carrier };
  }
}
