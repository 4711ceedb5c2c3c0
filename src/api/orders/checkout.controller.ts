import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckoutRequests } from '../../application/orders/checkout-requests';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { DomainError } from '../../domain/shared/errors';
import type { HoldResult } from '../../workflows/checkout.contract';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { problem, ProblemError } from '../common/problem';
import { ZodBody, ZodHeader } from '../common/validation';
import { EXAMPLE_HOLD } from './orders.examples';
import { idempotencyKeySchema } from '../common/idempotency-key';
import { checkoutSchema, type CheckoutBody } from './orders.schemas';

@ApiTags('orders')
@Controller('checkout')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutRequests) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Chosen by the client, one per checkout: a retried request with the same key returns the same order',
  })
  @ApiOperation({
    summary: "Confirm the cart: hold its tickets and start the payment with the customer's payment method",
    description:
      'Answers once the tickets are held (201, with when the hold expires) or not (409, naming the sold-out ' +
      'lines; nothing is held and the cart is kept). Payment, tickets and delivery continue in the background: ' +
      'follow them with GET /orders/{orderId}.',
  })
  @ApiAnswer(201, 'The order with its tickets held', EXAMPLE_HOLD)
  @ApiProblems({
    400: 'Malformed body (payment method id, delivery; courier needs an address) or missing Idempotency-Key',
    401: 'No valid access token',
    409: 'sold_out: not enough tickets for the lines in `soldOut`; nothing was held',
    422: 'cart_empty, concert_not_on_sale, mixed_currencies, or idempotency_key_reused (same key, other body)',
  })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @ZodHeader('Idempotency-Key', idempotencyKeySchema) key: string,
    @ZodBody(checkoutSchema) body: CheckoutBody,
  ) {
    return answer(await this.checkout.checkout(user.id, key, body));
  }
}

function answer(hold: HoldResult) {
  if (hold.refusal) throw new DomainError('invalid', hold.refusal.code, hold.refusal.message);
  if (hold.status === 'Rejected') {
    throw new ProblemError(
      problem(409, 'sold_out', 'Not enough tickets left for some lines; nothing was held', { soldOut: hold.soldOut }),
    );
  }
  const { orderId, status, holdExpiresAt, lines, total } = hold;
  return { orderId, status, holdExpiresAt, lines, total };
}
