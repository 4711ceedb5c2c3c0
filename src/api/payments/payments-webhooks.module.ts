import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { PaymentWebhookRelay } from '../../application/payments/payment-webhook-relay';
import type { Infrastructure } from '../../infra/infrastructure';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import { PaymentWebhooksController } from './webhooks.controller';

/** Stripe's webhooks: the only way a payment that needed the customer's action reports its outcome. */
@Module({
  controllers: [PaymentWebhooksController],
  providers: [
    {
      provide: PaymentWebhookRelay,
      inject: [INFRASTRUCTURE, TEMPORAL_CLIENT],
      useFactory: (i: Infrastructure, temporal: Client) => new PaymentWebhookRelay(temporal, i.config),
    },
  ],
})
export class PaymentsWebhooksModule {}
