import type { Projection } from '../../infra/event-store/projection';
import { billingAccountsProjection } from './billing-accounts.projection';
import { subscriptionInvoicesProjection } from './subscription-invoices.projection';

export const billingProjections: Projection[] = [billingAccountsProjection, subscriptionInvoicesProjection];
