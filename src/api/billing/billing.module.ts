import { Module } from '@nestjs/common';
import { AccountAllowances } from '../../application/billing/account-allowances';
import { BillingQueries } from '../../application/billing/billing-queries';
import { PaymentMethodOnFile } from '../../application/billing/payment-method-on-file';
import type { Infrastructure } from '../../infra/infrastructure';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE } from '../tokens';
import { AccountBillingController } from './account-billing.controller';
import { AdminBillingController } from './admin-billing.controller';

/** Payment methods on file, credits and refunds owed, and the invoices members see. */
@Module({
  imports: [IdentityModule, AccountsModule],
  controllers: [AccountBillingController, AdminBillingController],
  providers: [
    {
      provide: PaymentMethodOnFile,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new PaymentMethodOnFile(i.eventStore, i.paymentGateway),
    },
    {
      provide: AccountAllowances,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new AccountAllowances(i.eventStore),
    },
    {
      provide: BillingQueries,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new BillingQueries(i.db, i.eventStore),
    },
  ],
})
export class BillingModule {}
