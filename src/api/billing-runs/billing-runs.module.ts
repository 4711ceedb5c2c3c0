import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { AccountAccess } from '../../application/accounts/account-access';
import { BillingRuns } from '../../application/billing-runs/billing-runs';
import { InvoicePayments } from '../../application/billing-runs/invoice-payments';
import type { Infrastructure } from '../../infra/infrastructure';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import { BillingRunsController } from './billing-runs.controller';
import { InvoicePaymentsController } from './invoice-payments.controller';

/** Billing runs (admins) and paying a failed subscription invoice (owners): both talk to the billing workflows. */
@Module({
  imports: [IdentityModule, AccountsModule],
  controllers: [BillingRunsController, InvoicePaymentsController],
  providers: [
    {
      provide: BillingRuns,
      inject: [INFRASTRUCTURE, TEMPORAL_CLIENT],
      useFactory: (i: Infrastructure, temporal: Client) => new BillingRuns(temporal, i.config),
    },
    {
      provide: InvoicePayments,
      inject: [INFRASTRUCTURE, TEMPORAL_CLIENT, AccountAccess],
      useFactory: (i: Infrastructure, temporal: Client, access: AccountAccess) =>
        new InvoicePayments(temporal, i.db, access),
    },
  ],
})
export class BillingRunsModule {}
