import { Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountAllowances } from '../../application/billing/account-allowances';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { allowanceSchema, type AllowanceBody } from './billing.schemas';

const RULES =
  "amount not a whole number above 0 (invalid_amount, amount_too_large), currency not the plan's " +
  '(invalid_currency, currency_mismatch), reason empty or too long (invalid_reason)';
const EXAMPLE = {
  accountId: '0b7e2f4e-5d61-4d7a-9d5e-3f1c2a4b6c8d',
  amount: 1500,
  currency: 'EUR',
  reason: 'Outage on 3 November',
  at: '2026-11-21T10:00:00.000Z',
};

// Credits and refunds owed are refused for the same reasons.
const ALLOWANCE_PROBLEMS = {
  400: 'Malformed id or body',
  401: 'No valid access token',
  403: 'Admins only',
  404: 'No such account',
  422: RULES,
};

@ApiTags('admin')
@Controller('admin/accounts')
export class AdminBillingController {
  constructor(private readonly allowances: AccountAllowances) {}

  @Post(':id/credits')
  @Authenticated('admin')
  @ApiOperation({ summary: 'Grant a credit to an account: its next invoice deducts it (admins)' })
  @ApiAnswer(201, 'The credit', { id: 'f0e1d2c3-b4a5-4968-8776-655443322110', kind: 'credit', ...EXAMPLE })
  @ApiProblems(ALLOWANCE_PROBLEMS)
  grant(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(allowanceSchema) body: AllowanceBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.allowances.grantCredit(id, body, user.id);
  }

  @Post(':id/refunds')
  @Authenticated('admin')
  @ApiOperation({ summary: 'Record a refund owed to an account: its next invoice deducts it (admins)' })
  @ApiAnswer(201, 'The refund owed', { id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', kind: 'refund', ...EXAMPLE })
  @ApiProblems(ALLOWANCE_PROBLEMS)
  owe(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(allowanceSchema) body: AllowanceBody,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.allowances.oweRefund(id, body, user.id);
  }
}
