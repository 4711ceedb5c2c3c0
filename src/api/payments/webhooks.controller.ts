import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { PaymentWebhookRelay } from '../../application/payments/payment-webhook-relay';
import { ApiAnswer, ApiProblems } from '../common/api-responses';

@ApiTags('webhooks')
@Controller('webhooks')
export class PaymentWebhooksController {
  constructor(private readonly relay: PaymentWebhookRelay) {}

  /** No auth: the Stripe-Signature over the exact body is the proof it comes from Stripe. */
  @Post('stripe')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stripe webhook endpoint (payment_intent.succeeded / payment_intent.payment_failed)',
    description:
      'Verified with the endpoint secret over the raw body. Every verified event is acknowledged with 200, ' +
      'also the types we ignore and orders we do not know, so Stripe stops retrying it.',
  })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: '`t=<unix time>,v1=<HMAC-SHA256>`' })
  @ApiAnswer(200, 'Verified and handed on (or ignored)', { received: true })
  @ApiProblems({
    400:
      '`webhook_signature_missing`, `webhook_signature_invalid` (forged, or older than 5 minutes) or ' +
      '`webhook_payload_malformed`; nothing was acted on',
  })
  async stripe(@Req() req: RawBodyRequest<Request>, @Headers('stripe-signature') signature: string | undefined) {
    await this.relay.receive(req.rawBody, signature);
    return { received: true };
  }
}
