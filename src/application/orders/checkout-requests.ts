import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../config/config';
import { sha256 } from '../../infra/crypto/sha256';
import { deterministicId } from '../../infra/event-store/ids';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import type { Delivery } from '../../domain/orders/order-events';
import { DomainError } from '../../domain/shared/errors';
import type { checkoutWorkflow } from '../../workflows/checkout.workflow';
import {
  CHECKOUT_REFUSALS,
  checkoutWorkflowId,
  placeOrderUpdate,
  type CheckoutOutcome,
  type HoldResult,
} from '../../workflows/checkout.contract';
import type { CartCommands } from '../carts/cart-commands';
import { userCartId } from '../carts/cart-ownership';
import type { OrderCommands } from './order-commands';
import { holdResultOf } from './order-placement';

export interface CheckoutRequest {
  paymentMethodId: string;
  delivery: Delivery;
}

const KEY_REUSED = () =>
  new DomainError(
    'invalid',
    CHECKOUT_REFUSALS.keyReused,
    'This Idempotency-Key was used with a different request body',
  );

/**
 * The API side of checkout. The order id follows from the customer and the Idempotency-Key, and the
 * checkout workflow's id from the order id, so however often a request is retried (or raced) there
 * is one order. Update-with-start starts the saga and waits for its hold result in one call; the
 * rest of the saga goes on durably without the caller.
 */
export class CheckoutRequests {
  constructor(
    private readonly temporal: Client,
    private readonly orders: OrderCommands,
    private readonly carts: CartCommands,
    private readonly config: Pick<Config, 'temporal'>,
  ) {}

  async checkout(customerId: string, idempotencyKey: string, request: CheckoutRequest): Promise<HoldResult> {
    const orderId = deterministicId('order', customerId, idempotencyKey);
    const requestHash = sha256(JSON.stringify(request));
    const placed = await this.placed(orderId, requestHash);
    if (placed) return placed;

    // An empty cart is refused before anything starts (the workflow checks again, under lock).
    const { state: cart } = await this.carts.load(userCartId(customerId));
    if (cart.lines.length === 0)
      throw new DomainError('invalid', 'cart_empty', 'The cart is empty: add tickets before checking out');

    const workflowId = checkoutWorkflowId(orderId);
    try {
      return await this.temporal.workflow.executeUpdateWithStart(placeOrderUpdate, {
        args: [{ requestHash }],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof checkoutWorkflow>('checkoutWorkflow', {
          workflowId,
          taskQueue: this.config.temporal.taskQueue,
          args: [{ orderId, customerId, requestHash, ...request }],
          // A running checkout takes the update; a finished one is never started again.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: SEARCH_ATTRIBUTES.orderStatus, value: 'Pending' },
            { key: SEARCH_ATTRIBUTES.customerId, value: customerId },
            { key: SEARCH_ATTRIBUTES.concertId, value: cart.lines[0].concertId },
          ],
        }),
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && isFailure(err.cause, CHECKOUT_REFUSALS.keyReused))
        throw KEY_REUSED();
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // The checkout of this key has finished: answer what it answered.
      const outcome = (await this.temporal.workflow.getHandle(workflowId).result()) as CheckoutOutcome;
      if (outcome.requestHash !== requestHash) throw KEY_REUSED();
      return (await this.placed(orderId, requestHash)) ?? outcome.hold;
    }
  }

  /** The order this key placed already, as it stands now. */
  private async placed(orderId: string, requestHash: string): Promise<HoldResult | undefined> {
    const { state } = await this.orders.load(orderId);
    if (!state.placed) return undefined;
    if (state.requestHash !== requestHash) throw KEY_REUSED();
    return holdResultOf(orderId, state);
  }
}

const isFailure = (err: unknown, type: string): boolean => err instanceof ApplicationFailure && err.type === type;
