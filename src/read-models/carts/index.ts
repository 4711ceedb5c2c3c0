import type { Projection } from '../../infra/event-store/projection';
import { cartLinesProjection } from './cart-lines.projection';
import { cartsProjection } from './carts.projection';

export const cartProjections: Projection[] = [cartsProjection, cartLinesProjection];
