import { Module } from '@nestjs/common';
import { ConcertManagement } from '../../application/catalog/concert-management';
import { DoorValidation } from '../../application/tickets/door-validation';
import { TicketCommands } from '../../application/tickets/ticket-commands';
import { TicketQueries } from '../../application/tickets/ticket-queries';
import { TicketCodes } from '../../infra/crypto/ticket-code';
import type { Infrastructure } from '../../infra/infrastructure';
import { CatalogModule } from '../catalog/catalog.module';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE } from '../tokens';
import { TicketsController } from './tickets.controller';

/** Customers' tickets, and their validation at the door. */
@Module({
  imports: [IdentityModule, CatalogModule],
  controllers: [TicketsController],
  providers: [
    {
      provide: TicketCodes,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new TicketCodes(i.config.tickets.codeSecret),
    },
    {
      provide: TicketCommands,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new TicketCommands(i.eventStore),
    },
    {
      provide: TicketQueries,
      inject: [INFRASTRUCTURE, TicketCodes],
      useFactory: (i: Infrastructure, codes: TicketCodes) => new TicketQueries(i.db, codes),
    },
    {
      provide: DoorValidation,
      inject: [INFRASTRUCTURE, TicketCommands, ConcertManagement, TicketCodes],
      useFactory: (i: Infrastructure, tickets: TicketCommands, organizers: ConcertManagement, codes: TicketCodes) =>
        new DoorValidation(i.eventStore, tickets, organizers, codes),
    },
  ],
  // Order details show an order's tickets through this query side.
  exports: [TicketQueries],
})
export class TicketsModule {}
