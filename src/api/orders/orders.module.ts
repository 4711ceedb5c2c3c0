import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CartCommands } from '../../application/carts/cart-commands';
import { CheckoutRequests } from '../../application/orders/checkout-requests';
import { OrderCancellation } from '../../application/orders/order-cancellation';
import { OrderCommands } from '../../application/orders/order-commands';
import { PaymentQueries } from '../../application/finance/payment-queries';
import { OrderQueries } from '../../application/orders/order-queries';
import { TicketQueries } from '../../application/tickets/ticket-queries';
import { StuckOrders } from '../../application/orders/stuck-orders';
import type { Infrastructure } from '../../infra/infrastructure';
import { FinanceModule } from '../finance/finance.module';
import { IdentityModule } from '../identity/identity.module';
import { TicketsModule } from '../tickets/tickets.module';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import { AdminOrdersController } from './admin-orders.controller';
import { CheckoutController } from './checkout.controller';
import { OrdersController } from './orders.controller';

/** Checkout and the customer's orders; support's view of stuck checkouts. */
@Module({
  imports: [IdentityModule, FinanceModule, TicketsModule],
  controllers: [CheckoutController, OrdersController, AdminOrdersController],
  providers: [
    {
      provide: CheckoutRequests,
      inject: [INFRASTRUCTURE, TEMPORAL_CLIENT],
      useFactory: (i: Infrastructure, temporal: Client) =>
        new CheckoutRequests(temporal, new OrderCommands(i.eventStore), new CartCommands(i.eventStore), i.config),
    },
    {
      provide: OrderQueries,
      inject: [INFRASTRUCTURE, PaymentQueries, TicketQueries],
      useFactory: (i: Infrastructure, payments: PaymentQueries, tickets: TicketQueries) =>
        new OrderQueries(i.db, payments, tickets),
    },
    {
      provide: OrderCancellation,
      inject: [TEMPORAL_CLIENT, OrderQueries],
      useFactory: (temporal: Client, queries: OrderQueries) => new OrderCancellation(temporal, queries),
    },
    {
      provide: StuckOrders,
      inject: [INFRASTRUCTURE, TEMPORAL_CLIENT],
      useFactory: (i: Infrastructure, temporal: Client) => new StuckOrders(temporal, i.config.temporal),
    },
  ],
  exports: [OrderQueries],
})
export class OrdersModule {}
