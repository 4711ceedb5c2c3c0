// What the simulated courier and its workflow agree on.

/** One simulated shipment per tracking number: starting it again joins the one already on its way. */
export const courierSimulationWorkflowId = (trackingNumber: string): string => `courier-sim-${trackingNumber}`;

export interface CourierSimulationInput {
  ticketId: string;
  orderId: string;
  trackingNumber: string;
  /** How long the parcel travels before the courier reports it delivered. */
  delayMs: number;
}
