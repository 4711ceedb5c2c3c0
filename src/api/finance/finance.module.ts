import { Module } from '@nestjs/common';
import { FinancialSummaries } from '../../application/finance/financial-summary';
import { PaymentQueries } from '../../application/finance/payment-queries';
import { PurchaseInvoiceQueries } from '../../application/finance/purchase-invoice-queries';
import type { Infrastructure } from '../../infra/infrastructure';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE } from '../tokens';
import { FinancialSummaryController } from './financial-summary.controller';
import { InvoicesController } from './invoices.controller';
import { PaymentsController } from './payments.controller';

/** A customer's money: payments, purchase invoices and the financial summary (read side only). */
@Module({
  imports: [IdentityModule],
  controllers: [PaymentsController, InvoicesController, FinancialSummaryController],
  providers: [
    { provide: PaymentQueries, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => new PaymentQueries(i.db) },
    {
      provide: PurchaseInvoiceQueries,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new PurchaseInvoiceQueries(i.db),
    },
    {
      provide: FinancialSummaries,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new FinancialSummaries(i.db),
    },
  ],
  exports: [PaymentQueries],
})
export class FinanceModule {}
