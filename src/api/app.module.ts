import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Infrastructure } from '../infra/infrastructure';
import { AccountsModule } from './accounts/accounts.module';
import { BillingModule } from './billing/billing.module';
import { BillingRunsModule } from './billing-runs/billing-runs.module';
import { CartsModule } from './carts/carts.module';
import { CatalogModule } from './catalog/catalog.module';
import { FinanceModule } from './finance/finance.module';
import { HealthController } from './health/health.controller';
import { IdentityModule } from './identity/identity.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsWebhooksModule } from './payments/payments-webhooks.module';
import { SupportContractsModule } from './support-contracts/support-contracts.module';
import { SupportTicketsModule } from './support-tickets/support-tickets.module';
import { SurveysModule } from './surveys/surveys.module';
import { TicketsModule } from './tickets/tickets.module';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from './tokens';

@Global()
@Module({})
class CoreModule {
  static with(infra: Infrastructure, temporal: Client): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: INFRASTRUCTURE, useValue: infra },
        { provide: TEMPORAL_CLIENT, useValue: temporal },
      ],
      exports: [INFRASTRUCTURE, TEMPORAL_CLIENT],
    };
  }
}

@Module({})
export class AppModule {
  static with(infra: Infrastructure, temporal: Client): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(infra, temporal),
        IdentityModule,
        AccountsModule,
        CatalogModule,
        CartsModule,
        OrdersModule,
        FinanceModule,
        TicketsModule,
        PaymentsWebhooksModule,
        BillingModule,
        BillingRunsModule,
        SupportTicketsModule,
        SurveysModule,
        SupportContractsModule,
      ],
      controllers: [HealthController],
    };
  }
}
