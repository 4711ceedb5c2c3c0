import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { RoleAdministration } from '../../application/identity/roles-admin';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodParam } from '../common/validation';
import { uuidSchema } from '../common/uuid';
import { roleChangeSchema } from './identity.schemas';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly roles: RoleAdministration) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiAnswer(200, 'The user', {
    id: '6f1e2d3c-4b5a-4978-8e6d-5c4b3a291807',
    email: 'fan@example.com',
    name: 'Fan',
    role: 'customer',
  })
  @ApiProblems({ 401: 'Missing, invalid or expired token (a password reset also retires older tokens)' })
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }

  @Put('admin/users/:id/role')
  @Authenticated('admin')
  @ApiOperation({ summary: "Change a user's role (admins only)" })
  @ApiAnswer(200, 'The new role', { id: '6f1e2d3c-4b5a-4978-8e6d-5c4b3a291807', role: 'staff' })
  @ApiProblems({ 400: 'Malformed id or role', 401: 'Not signed in', 403: 'Not an admin', 404: 'No such user' })
  changeRole(
    @ZodParam('id', uuidSchema) id: string,
    @ZodBody(roleChangeSchema) body: z.infer<typeof roleChangeSchema>,
    @CurrentUser() admin: AuthenticatedUser,
  ) {
    return this.roles.changeRole(id, body.role, admin.id);
  }
}
