import { randomUUID } from 'node:crypto';
import { sha256 } from '../../infra/crypto/sha256';
import {
  createSupportContract,
  retireSupportContract,
  reviseSupportContract,
} from '../../domain/support-contracts/support-contract-decisions';
import type { SupportContractTerms } from '../../domain/support-contracts/support-contract-events';
import { supportContractIdOf, type SupportContractCommands } from './support-contract-commands';
import type { SupportContractCatalogQueries, SupportContractCatalogView } from './support-contract-catalog-queries';

/**
 * Admins create, revise and retire support contracts on the catalog side; each answer is the contract
 * as the catalog read model now shows it. Customers see the change once the next sync has copied it.
 */
export class SupportContractAdministration {
  constructor(
    private readonly contracts: SupportContractCommands,
    private readonly queries: SupportContractCatalogQueries,
  ) {}

  async create(input: { code: string } & SupportContractTerms, adminId: string): Promise<SupportContractCatalogView> {
    const { code, ...terms } = input;
    const contractId = supportContractIdOf(code);
    await this.contracts.execute(
      contractId,
      (state) => createSupportContract(state, { contractId, code, terms, createdBy: adminId, now: new Date() }),
      // The terms are part of the event ids: an append retried after a lost answer is recognised as
      // done, while a different create racing for the same code loses on the version and gets 409.
      {
        operationId: `create-support-contract:${contractId}:${sha256(JSON.stringify(terms))}`,
        metadata: { actor: adminId },
      },
    );
    return this.queries.get(contractId);
  }

  /** A revision that changes nothing writes nothing and answers the contract as it is. */
  async revise(
    contractId: string,
    changes: Partial<SupportContractTerms>,
    adminId: string,
  ): Promise<SupportContractCatalogView> {
    await this.contracts.execute(
      contractId,
      (state) => reviseSupportContract(state, { changes, revisedBy: adminId, now: new Date() }),
      { operationId: `revise-support-contract:${randomUUID()}`, metadata: { actor: adminId } },
    );
    return this.queries.get(contractId);
  }

  async retire(contractId: string, adminId: string): Promise<SupportContractCatalogView> {
    await this.contracts.execute(
      contractId,
      (state) => retireSupportContract(state, { retiredBy: adminId, now: new Date() }),
      // Each request its own operation, so of two racing retires one wins and the other gets 409, as a
      // later one would.
      { operationId: `retire-support-contract:${randomUUID()}`, metadata: { actor: adminId } },
    );
    return this.queries.get(contractId);
  }
}
