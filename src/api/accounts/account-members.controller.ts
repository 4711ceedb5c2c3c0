import { Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { AccountAccess } from '../../application/accounts/account-access';
import { AccountMembership } from '../../application/accounts/account-membership';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { addMemberSchema } from './account.schemas';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { EXAMPLE_MEMBER } from './account.examples';

const OWNER_ONLY = {
  401: 'No valid access token',
  403: 'A member who is not an owner (owner_required)',
} as const;

@ApiTags('accounts')
@Controller('accounts/:id/members')
export class AccountMembersController {
  constructor(
    private readonly access: AccountAccess,
    private readonly membership: AccountMembership,
  ) {}

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Add a registered user to the account, by id or email (owners and admins)' })
  @ApiAnswer(201, 'The new member', { ...EXAMPLE_MEMBER, role: 'staff' })
  @ApiProblems({
    400: 'Malformed id or body, or not exactly one of userId and email',
    ...OWNER_ONLY,
    404: 'No such account (or not yours), or no such user (user_not_found)',
    409: 'The user is already a member (already_member)',
    422: "The plan's userLimit is reached (member_limit_reached); the detail names the limit",
  })
  async add(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(addMemberSchema) body: z.infer<typeof addMemberSchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.access.assertOwner(id, user);
    return this.membership.add(id, body, user.id);
  }

  @Delete(':userId')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove a member from the account (owners and admins)' })
  @ApiAnswer(204, 'Removed')
  @ApiProblems({
    400: 'Malformed id',
    ...OWNER_ONLY,
    404: 'No such account (or not yours), or the user is not a member (member_not_found)',
    422: 'The last owner cannot be removed (last_owner)',
  })
  async remove(
    @ZodParam('id', uuidSchema) id: string,
    @ZodParam('userId', uuidSchema) userId: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    await this.access.assertOwner(id, user);
    await this.membership.remove(id, userId, user.id);
  }
}
