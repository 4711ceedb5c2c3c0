import { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../infra/db/prisma';
import type { Projection } from '../../infra/event-store/projection';
import type { RecordedEvent } from '../../infra/event-store/types';
import {
  SUPPORT_CONTRACT_EVENT_TYPES,
  type SupportContractEvent,
} from '../../domain/support-contracts/support-contract-events';

/**
 * `support_contract_catalog`: every support contract with its current terms, the stream version and the
 * checkpoint (transaction id, position) of the event that last changed it. Both come from the stored
 * event, so a rebuild writes the same values; the customer-side sync reads changes in checkpoint order.
 * Raw SQL because Prisma cannot write xid8.
 */
export const supportContractCatalogProjection: Projection = {
  name: 'support-contract-catalog',
  tables: ['support_contract_catalog'],
  handles: SUPPORT_CONTRACT_EVENT_TYPES,
  async apply(tx: Tx, recorded: RecordedEvent): Promise<void> {
    const event = recorded as unknown as SupportContractEvent;
    const changed = Prisma.sql`version = ${recorded.streamVersion},
      changed_transaction_id = ${recorded.transactionId.toString()}::xid8,
      changed_position = ${recorded.position}`;
    switch (event.type) {
      case 'SupportContractCreated': {
        const { contractId, code, name, description, monthlyPrice, responseTimeHours, createdAt } = event.data;
        await tx.$executeRaw`
          INSERT INTO support_contract_catalog (id, code, name, description, monthly_price_amount,
            monthly_price_currency, response_time_hours, status, version, created_at, updated_at,
            changed_transaction_id, changed_position)
          VALUES (${contractId}::uuid, ${code}, ${name}, ${description}, ${monthlyPrice.amount},
            ${monthlyPrice.currency}, ${responseTimeHours}, 'active', ${recorded.streamVersion},
            ${new Date(createdAt)}, ${new Date(createdAt)}, ${recorded.transactionId.toString()}::xid8,
            ${recorded.position})`;
        return;
      }
      case 'SupportContractRevised': {
        const { contractId, changes, revisedAt } = event.data;
        // Every term is NOT NULL, so a null here means "not changed".
        await tx.$executeRaw`
          UPDATE support_contract_catalog SET
            name = COALESCE(${changes.name ?? null}, name),
            description = COALESCE(${changes.description ?? null}, description),
            monthly_price_amount = COALESCE(${changes.monthlyPrice?.amount ?? null}::bigint, monthly_price_amount),
            monthly_price_currency = COALESCE(${changes.monthlyPrice?.currency ?? null}, monthly_price_currency),
            response_time_hours = COALESCE(${changes.responseTimeHours ?? null}::int, response_time_hours),
            updated_at = ${new Date(revisedAt)}, ${changed}
          WHERE id = ${contractId}::uuid`;
        return;
      }
      case 'SupportContractRetired': {
        const at = new Date(event.data.retiredAt);
        await tx.$executeRaw`
          UPDATE support_contract_catalog SET status = 'retired', retired_at = ${at}, updated_at = ${at}, ${changed}
          WHERE id = ${event.data.contractId}::uuid`;
        return;
      }
    }
  },
};
