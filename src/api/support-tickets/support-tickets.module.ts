import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { UserDirectory } from '../../application/identity/user-directory';
import { OrderQueries } from '../../application/orders/order-queries';
import { SupportTicketQueries } from '../../application/support-tickets/support-ticket-queries';
import { SupportTicketRequests } from '../../application/support-tickets/support-ticket-requests';
import type { Infrastructure } from '../../infra/infrastructure';
import { IdentityModule } from '../identity/identity.module';
import { OrdersModule } from '../orders/orders.module';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import { AdminSupportTicketsController } from './admin-support-tickets.controller';
import { SupportTicketsController } from './support-tickets.controller';

/** Customers' support tickets (submitted fire-and-forget) and the support queue staff work from. */
@Module({
  imports: [IdentityModule, OrdersModule],
  controllers: [SupportTicketsController, AdminSupportTicketsController],
  providers: [
    {
      provide: SupportTicketQueries,
      inject: [INFRASTRUCTURE, UserDirectory],
      useFactory: (i: Infrastructure, users: UserDirectory) => new SupportTicketQueries(i.db, users),
    },
    {
      provide: SupportTicketRequests,
      inject: [INFRASTRUCTURE, TEMPORAL_CLIENT, SupportTicketQueries, OrderQueries],
      useFactory: (i: Infrastructure, temporal: Client, queries: SupportTicketQueries, orders: OrderQueries) =>
        new SupportTicketRequests(temporal, queries, orders, i.config),
    },
  ],
})
export class SupportTicketsModule {}
