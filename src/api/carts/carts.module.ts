import { Global, Module } from '@nestjs/common';
import { CartCommands } from '../../application/carts/cart-commands';
import { CartEditor } from '../../application/carts/cart-editor';
import { CartMerger } from '../../application/carts/cart-merger';
import { CartQueries } from '../../application/carts/cart-queries';
import { TicketLevelAvailability } from '../../application/catalog/ticket-level-availability';
import type { Infrastructure } from '../../infra/infrastructure';
import { LOGIN_HOOK } from '../common/login-hook';
import { IdentityModule } from '../identity/identity.module';
import { INFRASTRUCTURE } from '../tokens';
import { CartLoginMerge } from './cart-login-merge';
import { CartOwnerGuard } from './cart-owner';
import { CartsController } from './carts.controller';

/**
 * Carts of signed-in users and anonymous visitors. Global only so that the login in the identity
 * module finds the cart-merging `LOGIN_HOOK` (the one thing exported) without importing carts.
 */
@Global()
@Module({
  imports: [IdentityModule],
  controllers: [CartsController],
  providers: [
    CartOwnerGuard,
    CartLoginMerge,
    { provide: LOGIN_HOOK, useExisting: CartLoginMerge },
    {
      provide: TicketLevelAvailability,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new TicketLevelAvailability(i.db),
    },
    {
      provide: CartCommands,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new CartCommands(i.eventStore),
    },
    {
      provide: CartEditor,
      inject: [INFRASTRUCTURE, CartCommands, TicketLevelAvailability],
      useFactory: (i: Infrastructure, carts: CartCommands, catalog: TicketLevelAvailability) =>
        new CartEditor(carts, catalog, i.config.carts),
    },
    {
      provide: CartMerger,
      inject: [INFRASTRUCTURE, CartCommands, TicketLevelAvailability],
      useFactory: (i: Infrastructure, carts: CartCommands, catalog: TicketLevelAvailability) =>
        new CartMerger(i.eventStore, carts, catalog, i.config.carts),
    },
    {
      provide: CartQueries,
      inject: [INFRASTRUCTURE, TicketLevelAvailability],
      useFactory: (i: Infrastructure, catalog: TicketLevelAvailability) => new CartQueries(i.db, catalog),
    },
  ],
  exports: [LOGIN_HOOK],
})
export class CartsModule {}
