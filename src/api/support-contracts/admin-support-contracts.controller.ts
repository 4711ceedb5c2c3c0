import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { SupportContractAdministration } from '../../application/support-contracts/support-contract-administration';
import { SupportContractCatalogQueries } from '../../application/support-contracts/support-contract-catalog-queries';
import { SupportContractSyncTrigger } from '../../application/support-contracts/support-contract-sync-trigger';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { problem, ProblemError } from '../common/problem';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import {
  EXAMPLE_CATALOG_CONTRACT,
  EXAMPLE_RETIRED_CONTRACT,
  EXAMPLE_TRIGGERED_SYNC,
} from './support-contracts.examples';
import {
  createSupportContractSchema,
  reviseSupportContractSchema,
  type CreateSupportContractBody,
  type ReviseSupportContractBody,
} from './support-contracts.schemas';

const ADMIN_ONLY = { 401: 'No valid access token', 403: 'Not an admin' } as const;

/** The catalog side of support contracts: admins manage it; customers see it through the synced copy. */
@ApiTags('admin')
@Controller('admin/support-contracts')
export class AdminSupportContractsController {
  constructor(
    private readonly admin: SupportContractAdministration,
    private readonly catalog: SupportContractCatalogQueries,
    private readonly sync: SupportContractSyncTrigger,
  ) {}

  @Post()
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Create a support contract',
    description: 'Customers see it in GET /support-contracts after the next sync (or POST …/sync).',
  })
  @ApiAnswer(201, 'The new contract, as the catalog holds it', { ...EXAMPLE_CATALOG_CONTRACT, version: 1 })
  @ApiProblems({
    400: 'Malformed body: a field breaks its rule (code, name, price, currency, hours) or is unknown',
    ...ADMIN_ONLY,
    409: 'A contract with this code exists already, retired or not (support_contract_exists)',
  })
  create(
    @ZodBody(createSupportContractSchema) body: CreateSupportContractBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.admin.create(body, user.id);
  }

  @Get()
  @Authenticated('admin')
  @ApiOperation({ summary: 'Every support contract of the catalog, retired ones too, by code' })
  @ApiAnswer(200, 'The catalog', [EXAMPLE_CATALOG_CONTRACT, EXAMPLE_RETIRED_CONTRACT])
  @ApiProblems(ADMIN_ONLY)
  list() {
    return this.catalog.list();
  }

  @Post('sync')
  @HttpCode(202)
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Sync the customer-side copy now',
    description:
      'Triggers the `support-contracts-sync` schedule at once instead of at its next tick; a sync already ' +
      'running finishes first. GET /support-contracts shows the changes once the sync has run.',
  })
  @ApiAnswer(202, 'The sync is requested', EXAMPLE_TRIGGERED_SYNC)
  @ApiProblems(ADMIN_ONLY)
  @ApiResponse({
    status: 503,
    description: 'The workflow service is unavailable, or no worker has created the schedule',
  })
  async triggerSync() {
    try {
      return await this.sync.trigger();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      throw new ProblemError(
        problem(
          503,
          'support_contract_sync_unavailable',
          'The sync schedule does not exist yet: the worker creates it when it starts',
        ),
      );
    }
  }

  @Get(':id')
  @Authenticated('admin')
  @ApiOperation({ summary: 'One support contract of the catalog, retired or not' })
  @ApiAnswer(200, 'The contract', EXAMPLE_CATALOG_CONTRACT)
  @ApiProblems({ 400: 'Malformed id', ...ADMIN_ONLY, 404: 'No such contract (support_contract_not_found)' })
  get(@ZodParam('id', uuidSchema) id: string) {
    return this.catalog.get(id);
  }

  @Patch(':id')
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Revise some of a contract’s terms (its code never changes)',
    description: 'Giving only what the contract already says changes nothing and answers the contract as it is.',
  })
  @ApiAnswer(200, 'The contract as it is now', EXAMPLE_CATALOG_CONTRACT)
  @ApiProblems({
    400: 'Malformed id or body, no field to change, or a field that is unknown (code included)',
    ...ADMIN_ONLY,
    404: 'No such contract (support_contract_not_found)',
    409: 'The contract is retired (support_contract_retired)',
  })
  revise(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(reviseSupportContractSchema) body: ReviseSupportContractBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.admin.revise(id, body, user.id);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Stop offering a contract; customers no longer see it after the next sync' })
  @ApiAnswer(200, 'The retired contract', EXAMPLE_RETIRED_CONTRACT)
  @ApiProblems({
    400: 'Malformed id',
    ...ADMIN_ONLY,
    404: 'No such contract (support_contract_not_found)',
    409: 'The contract is retired already (support_contract_retired)',
  })
  retire(@ZodParam('id', uuidSchema) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.admin.retire(id, user.id);
  }
}
