import { UpcasterRegistry } from './upcasters';

/**
 * Upcasters for every event type whose schema changed. Register each step as
 * `upcasters.register('TypeName', fromVersion, (data) => newShape)`; new events are then written
 * at the next version and old ones read in the new shape.
 */
export const upcasters = new UpcasterRegistry();
