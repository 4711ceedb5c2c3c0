import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { CustomerSupportContractQueries } from '../../application/support-contracts/customer-support-contract-queries';
import { SupportContractAdministration } from '../../application/support-contracts/support-contract-administration';
import { SupportContractCatalogQueries } from '../../application/support-contracts/support-contract-catalog-queries';
import { SupportContractCommands } from '../../application/support-contracts/support-contract-commands';
import { SupportContractSyncTrigger } from '../../application/support-contracts/support-contract-sync-trigger';
import type { Infrastructure } from '../../infra/infrastructure';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import { AdminSupportContractsController } from './admin-support-contracts.controller';
import { SupportContractsController } from './support-contracts.controller';

/** Support contracts: the admins' catalog, the sync trigger, and the customers' copy. */
@Module({
  imports: [IdentityModule],
  controllers: [AdminSupportContractsController, SupportContractsController],
  providers: [
    {
      provide: SupportContractCommands,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new SupportContractCommands(i.eventStore),
    },
    {
      provide: SupportContractCatalogQueries,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new SupportContractCatalogQueries(i.db),
    },
    {
      provide: CustomerSupportContractQueries,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new CustomerSupportContractQueries(i.db),
    },
    {
      provide: SupportContractAdministration,
      inject: [SupportContractCommands, SupportContractCatalogQueries],
      useFactory: (contracts: SupportContractCommands, queries: SupportContractCatalogQueries) =>
        new SupportContractAdministration(contracts, queries),
    },
    {
      provide: SupportContractSyncTrigger,
      inject: [TEMPORAL_CLIENT],
      useFactory: (temporal: Client) => new SupportContractSyncTrigger(temporal),
    },
  ],
})
export class SupportContractsModule {}
