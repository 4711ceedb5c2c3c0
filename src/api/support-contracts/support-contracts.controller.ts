import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CustomerSupportContractQueries } from '../../application/support-contracts/customer-support-contract-queries';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { EXAMPLE_CUSTOMER_CONTRACT, EXAMPLE_CUSTOMER_LIST } from './support-contracts.examples';

/** What customers choose from: the customer-side copy, which answers whatever state the catalog is in. */
@ApiTags('support')
@Controller('support-contracts')
export class SupportContractsController {
  constructor(private readonly contracts: CustomerSupportContractQueries) {}

  @Get()
  @ApiOperation({
    summary: 'Support contracts on offer, cheapest first (public)',
    description:
      'Read from the customer-side copy that a periodic sync keeps current; `syncedAt` says when it last ' +
      'caught up with the catalog.',
  })
  @ApiAnswer(200, 'Active contracts and when the copy was synced', EXAMPLE_CUSTOMER_LIST)
  list() {
    return this.contracts.listActive();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One support contract on offer (public)' })
  @ApiAnswer(200, 'The contract', EXAMPLE_CUSTOMER_CONTRACT)
  @ApiProblems({ 400: 'Malformed id', 404: 'No such contract on offer (support_contract_not_found)' })
  get(@ZodParam('id', uuidSchema) id: string) {
    return this.contracts.getActive(id);
  }
}
