import type { Projection } from '../../infra/event-store/projection';
import { paymentsProjection } from './payments.projection';
import { purchaseInvoicesProjection } from './purchase-invoices.projection';

export const financeProjections: Projection[] = [paymentsProjection, purchaseInvoicesProjection];
