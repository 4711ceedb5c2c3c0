import { Module } from '@nestjs/common';
import { AccountAccess } from '../../application/accounts/account-access';
import { AccountCommands } from '../../application/accounts/account-commands';
import { AccountMembership } from '../../application/accounts/account-membership';
import { AccountOpening } from '../../application/accounts/account-opening';
import { AccountPlanChanges } from '../../application/accounts/account-plan-changes';
import { AccountQueries } from '../../application/accounts/account-queries';
import { PlanAdministration } from '../../application/accounts/plan-administration';
import { PlanCommands } from '../../application/accounts/plan-commands';
import { PlanQueries } from '../../application/accounts/plan-queries';
import { UserDirectory } from '../../application/identity/user-directory';
import type { Infrastructure } from '../../infra/infrastructure';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE } from '../tokens';
import { AccountMembersController } from './account-members.controller';
import { AccountsController } from './accounts.controller';
import { PlansController } from './plans.controller';

/** Plans and organizer accounts. */
@Module({
  imports: [IdentityModule],
  controllers: [PlansController, AccountsController, AccountMembersController],
  providers: [
    {
      provide: PlanCommands,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new PlanCommands(i.eventStore),
    },
    {
      provide: AccountCommands,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new AccountCommands(i.eventStore),
    },
    { provide: PlanQueries, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => new PlanQueries(i.db) },
    {
      provide: AccountQueries,
      inject: [INFRASTRUCTURE, UserDirectory],
      useFactory: (i: Infrastructure, directory: UserDirectory) => new AccountQueries(i.db, directory),
    },
    { provide: AccountAccess, inject: [INFRASTRUCTURE], useFactory: (i: Infrastructure) => new AccountAccess(i.db) },
    {
      provide: PlanAdministration,
      inject: [PlanCommands, PlanQueries],
      useFactory: (plans: PlanCommands, queries: PlanQueries) => new PlanAdministration(plans, queries),
    },
    {
      provide: AccountOpening,
      inject: [AccountCommands, PlanQueries, AccountQueries],
      useFactory: (accounts: AccountCommands, plans: PlanQueries, queries: AccountQueries) =>
        new AccountOpening(accounts, plans, queries),
    },
    {
      provide: AccountMembership,
      inject: [AccountCommands, UserDirectory, AccountQueries],
      useFactory: (accounts: AccountCommands, directory: UserDirectory, queries: AccountQueries) =>
        new AccountMembership(accounts, directory, queries),
    },
    {
      provide: AccountPlanChanges,
      inject: [AccountCommands, PlanQueries, AccountQueries],
      useFactory: (accounts: AccountCommands, plans: PlanQueries, queries: AccountQueries) =>
        new AccountPlanChanges(accounts, plans, queries),
    },
  ],
  // Catalog checks who may manage an account's concerts and appends seat allocations to account streams.
  exports: [AccountAccess, AccountCommands],
})
export class AccountsModule {}
