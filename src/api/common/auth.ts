import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authentication, type AuthenticatedUser } from '../../application/identity/authentication';
import type { Role } from '../../domain/identity/roles';
import { DomainError } from '../../domain/shared/errors';

const ROLES_KEY = 'boxoffice:roles';

type AuthedRequest = Request & { user?: AuthenticatedUser };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: Authentication,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('unauthorized', 'authentication_required', 'Sign in and send a Bearer token');
    req.user = await this.auth.authenticate(match[1]);
    context.switchToHttp().getResponse<Response>().locals.userId = req.user.id;
    const roles = this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getHandler());
    if (roles?.length && !roles.includes(req.user.role)) {
      throw new DomainError('forbidden', 'role_required', `This needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}

/** Requires a signed-in user, and one of `roles` when given. */
export const Authenticated = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(AuthGuard), ApiBearerAuth());

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<AuthedRequest>().user!,
);
