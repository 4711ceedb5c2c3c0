import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { OrderStatus } from '../../domain/orders/order-events';
import { DomainError } from '../../domain/shared/errors';
import { CHECKOUT_REFUSALS, cancelOrderUpdate, checkoutWorkflowId } from '../../workflows/checkout.contract';
import type { OrderQueries } from './order-queries';

const NOT_CANCELLABLE = (status: string) =>
  new DomainError(
    'conflict',
    CHECKOUT_REFUSALS.notCancellable,
    `The order is ${status} and can no longer be cancelled`,
  );

/**
 * The customer cancels an unpaid order. The checkout workflow owns the order, so it decides: it
 * releases the hold and stops the payment, or answers that the payment won the race.
 */
export class OrderCancellation {
  constructor(
    private readonly temporal: Client,
    private readonly queries: OrderQueries,
  ) {}

  async cancel(customerId: string, orderId: string): Promise<{ orderId: string; status: OrderStatus }> {
    await this.queries.requireOwn(customerId, orderId);
    let status: OrderStatus;
    try {
      status = await this.temporal.workflow
        .getHandle(checkoutWorkflowId(orderId))
        .executeUpdate(cancelOrderUpdate, { args: [{ by: customerId }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === CHECKOUT_REFUSALS.notCancellable)
          throw NOT_CANCELLABLE((await this.queries.get(customerId, orderId)).status);
      }
      // The checkout has finished: the order is settled one way or the other.
      if (err instanceof WorkflowNotFoundError)
        throw NOT_CANCELLABLE((await this.queries.get(customerId, orderId)).status);
      throw err;
    }
    if (status !== 'Cancelled') throw NOT_CANCELLABLE(status);
    return { orderId, status };
  }
}
