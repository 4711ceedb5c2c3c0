import type { Config } from '../../config/config';
import type { Courier } from './courier';
import { SimulatedCourier } from './simulated-courier';

export { CourierError, type Courier, type DispatchReceipt, type Shipment } from './courier';

/**
 * The courier the application uses. Only this factory knows the implementations: a real courier's
 * adapter implements `Courier` and is chosen here from its configuration (API URL, key), and
 * nothing else changes. Until one exists, every environment uses the simulated courier.
 */
export function createCourier(config: Pick<Config, 'tickets' | 'temporal'>): Courier {
  return new SimulatedCourier({
    deliveryDelayMs: config.tickets.courierDeliveryDelayMs,
    taskQueue: config.temporal.taskQueue,
  });
}
