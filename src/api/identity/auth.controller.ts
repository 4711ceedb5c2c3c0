import { Controller, Get, Header, HttpCode, Inject, Optional, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Authentication } from '../../application/identity/authentication';
import { PasswordResetRequests } from '../../application/identity/password-reset-requests';
import { Registration } from '../../application/identity/registration';
import { ApiAnswer, ApiProblems } from '../common/api-responses';
import { LOGIN_HOOK, type LoginHook } from '../common/login-hook';
import { AuthClientRateLimit } from './auth-client-rate-limit.guard';
import { ZodBody } from '../common/validation';
import {
  loginSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  registerSchema,
} from './identity.schemas';
import { RESET_PASSWORD_PAGE } from './reset-password.page';

const RESET_ACCEPTED = {
  message: 'If an account exists for this email, we have sent a link to reset its password.',
};

/** The page the reset email links to (outside /auth: it is for people, not API clients). */
@Controller()
export class ResetPasswordPageController {
  @Get('reset-password')
  @ApiExcludeEndpoint()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Header(
    'content-security-policy',
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'",
  )
  page(): string {
    return RESET_PASSWORD_PAGE;
  }
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly registration: Registration,
    private readonly authentication: Authentication,
    private readonly resets: PasswordResetRequests,
    // Other contexts' part in a login (carts merge the visitor's anonymous cart); absent, login is just login.
    @Optional() @Inject(LOGIN_HOOK) private readonly loginHook?: LoginHook,
  ) {}

  @Post('register')
  @UseGuards(AuthClientRateLimit)
  @ApiOperation({ summary: 'Create a customer account' })
  @ApiAnswer(201, 'The new user', {
    id: '6f1e2d3c-4b5a-4978-8e6d-5c4b3a291807',
    email: 'fan@example.com',
    name: 'Fan',
    role: 'customer',
  })
  @ApiProblems({
    400: 'Malformed body',
    409: 'An account with this email exists (emails compare case-insensitively)',
    422: 'The password breaks a rule of the password policy (the code names it)',
    429: 'Too many logins and registrations from this client',
  })
  register(@ZodBody(registerSchema) body: z.infer<typeof registerSchema>) {
    return this.registration.register(body);
  }

  @Post('login')
  @UseGuards(AuthClientRateLimit)
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for an access token' })
  @ApiAnswer(200, 'A bearer token', { accessToken: 'eyJhbGciOiJIUzI1NiIs…', tokenType: 'Bearer', expiresIn: 3600 })
  @ApiProblems({
    400: 'Malformed body or X-Cart-Token',
    401: 'Email or password is incorrect',
    429: 'Too many attempts',
  })
  @ApiHeader({
    name: 'X-Cart-Token',
    required: false,
    description: "An anonymous cart token: after a successful login, that cart merges into the user's cart",
  })
  async login(@ZodBody(loginSchema) body: z.infer<typeof loginSchema>, @Req() req: Request) {
    this.loginHook?.check(req);
    const session = await this.authentication.login(body.email, body.password);
    await this.loginHook?.afterLogin(req, session.accessToken);
    return session;
  }

  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a password reset link (same answer whether or not the email is registered)' })
  @ApiAnswer(202, 'Accepted; an email follows if the account exists', RESET_ACCEPTED)
  @ApiProblems({ 400: 'Malformed body', 429: 'Too many requests for this email or from this client' })
  async requestReset(
    @ZodBody(passwordResetRequestSchema) body: z.infer<typeof passwordResetRequestSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { requestId } = await this.resets.request(body.email, req.ip ?? 'unknown');
    res.locals.workflowId = `password-reset-${requestId}`;
    return RESET_ACCEPTED;
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with the token from the email' })
  @ApiAnswer(204, 'The password was changed; earlier access tokens no longer work')
  @ApiProblems({
    400: 'Malformed body, or the token is invalid, used, expired or superseded (the code says which)',
    409: 'Another confirmation of this reset is in progress',
    422: 'The new password breaks a rule of the password policy',
  })
  async confirmReset(@ZodBody(passwordResetConfirmSchema) body: z.infer<typeof passwordResetConfirmSchema>) {
    await this.resets.confirm(body.token, body.newPassword);
  }
}
