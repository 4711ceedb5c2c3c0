import { Module } from '@nestjs/common';
import { AccountAccess } from '../../application/accounts/account-access';
import { AccountCommands } from '../../application/accounts/account-commands';
import { ConcertCatalog } from '../../application/catalog/concert-catalog';
import { ConcertCommands } from '../../application/catalog/concert-commands';
import { ConcertManagement } from '../../application/catalog/concert-management';
import type { Infrastructure } from '../../infra/infrastructure';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE } from '../tokens';
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
  ],
  // Other contexts read the catalog through this query side, not its tables.
  exports: [ConcertCatalog],
})
export class CatalogModule {}
