import { AggregateCommands, type AggregateType } from '../aggregate-commands';
import type { EventStore } from '../../infra/event-store/event-store';
import {
  PURCHASE_INVOICE_STREAM_TYPE,
  purchaseInvoiceStreamId,
  type PurchaseInvoiceEvent,
} from '../../domain/finance/purchase-invoice-events';
import {
  evolvePurchaseInvoice,
  initialPurchaseInvoiceState,
  type PurchaseInvoiceState,
} from '../../domain/finance/purchase-invoice-state';

/** The invoice stream of an order, keyed by the order id. */
export const purchaseInvoiceAggregate: AggregateType<PurchaseInvoiceState, PurchaseInvoiceEvent> = {
  streamType: PURCHASE_INVOICE_STREAM_TYPE,
  streamId: purchaseInvoiceStreamId,
  initialState: initialPurchaseInvoiceState,
  evolve: evolvePurchaseInvoice,
};

export class PurchaseInvoiceCommands extends AggregateCommands<PurchaseInvoiceState, PurchaseInvoiceEvent> {
  constructor(eventStore: EventStore) {
    super(eventStore, purchaseInvoiceAggregate);
  }
}
