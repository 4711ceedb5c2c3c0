import { deterministicId } from '../../infra/event-store/ids';

/** One payment per order, so its id follows from the order's: any step can name it without a lookup. */
export const paymentIdOf = (orderId: string): string => deterministicId('payment', orderId);
