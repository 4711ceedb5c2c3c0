import { Module } from '@nestjs/common';
import { AccountAccess } from '../../application/accounts/account-access';
import { AccountCommands } from '../../application/accounts/account-commands';
import { ConcertCancellations } from '../../application/catalog/concert-cancellations';
import { ConcertCatalog } from '../../application/catalog/concert-catalog';
import { ConcertCommands } from '../../application/catalog/concert-commands';
import { ConcertManagement } from '../../application/catalog/concert-management';
import type { Infrastructure } from '../../infra/infrastructure';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE, TEMPORAL_CLIENT } from '../tokens';
import type { Client } from '@temporalio/client';
import { AccountConcertsController } from './account-concerts.controller';
import { ConcertsController } from './concerts.controller';

/** Concerts: organizers manage them, everyone browses them. */
@Module({
  imports: [IdentityModule, AccountsModule],
  controllers: [ConcertsController, AccountConcertsController],
  providers: [
    {
      provide: ConcertCommands,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new ConcertCommands(i.eventStore),
    },
    { provide: ConcertCatalog, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => new ConcertCatalog(i.db) },
    {
      provide: ConcertManagement,
      inject: [ConcertCommands, AccountCommands, ConcertCatalog, AccountAccess],
      useFactory: (
        concerts: ConcertCommands,
        accounts: AccountCommands,
        catalog: ConcertCatalog,
        access: AccountAccess,
      ) => new ConcertManagement(concerts, accounts, catalog, access),
    },
    {
      provide: ConcertCancellations,
      inject: [ConcertManagement, TEMPORAL_CLIENT, INFRASTRUCTURE],
      useFactory: (management: ConcertManagement, temporal: Client, i: Infrastructure) =>
        new ConcertCancellations(management, temporal, i.config),
    },
  ],
  // Other contexts read the catalog through this query side, not its tables.
  exports: [ConcertCatalog, ConcertManagement],
})
export class CatalogModule {}
