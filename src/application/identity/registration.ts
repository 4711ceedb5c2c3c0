import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '../../infra/event-store/errors';
import { deterministicId } from '../../infra/event-store/ids';
import { hashPassword } from '../../infra/crypto/password-hasher';
import type { Db } from '../../infra/db/prisma';
import { normalizeEmail } from '../../domain/identity/email';
import { assertPasswordAcceptable } from '../../domain/identity/password-policy';
import type { Role } from '../../domain/identity/roles';
import { register } from '../../domain/identity/user-decisions';
import { EMAIL_CLAIM_STREAM_TYPE, emailClaimStreamId } from '../../domain/identity/user-events';
import { DomainError } from '../../domain/shared/errors';
import type { UserCommands } from './user-commands';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  role?: Role;
  /** Fixed id for idempotent registrations (the bootstrap admin); random otherwise. */
  userId?: string;
}

export interface RegisteredUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * Registers a user: the user stream and an email-claim stream are appended in one transaction,
 * so two concurrent registrations of one email (in any case) cannot both succeed.
 */
export class Registration {
  constructor(
    private readonly db: Db,
    private readonly users: UserCommands,
  ) {}

  async register(input: RegisterInput): Promise<RegisteredUser> {
    const email = input.email.trim();
    const normalized = normalizeEmail(email);
    assertPasswordAcceptable(input.password, { email: normalized });
    if (await this.db.user.findUnique({ where: { emailNormalized: normalized }, select: { id: true } })) {
      throw emailTaken();
    }
    const userId = input.userId ?? randomUUID();
    const role = input.role ?? 'customer';
    const passwordHash = await hashPassword(input.password);
    const now = new Date();
    try {
      await this.users.execute(userId, (state) => register(state, { userId, email, name: input.name, role, now }), {
        operationId: `register:${userId}`,
        metadata: { actor: userId },
        alsoAppend: [
          {
            streamId: emailClaimStreamId(normalized),
            streamType: EMAIL_CLAIM_STREAM_TYPE,
            expectedVersion: 0,
            events: [
              {
                eventId: deterministicId('email-claim', userId),
                type: 'EmailClaimed',
                data: { userId, email: normalized },
              },
            ],
          },
        ],
        work: async (tx) => {
          await tx.userCredential.create({ data: { userId, passwordHash, updatedAt: now } });
        },
      });
    } catch (err) {
      if (err instanceof ConcurrencyError || (err instanceof DomainError && err.code === 'user_exists')) {
        throw emailTaken();
      }
      throw err;
    }
    return { id: userId, email, name: input.name, role };
  }
}

const emailTaken = () => new DomainError('conflict', 'email_taken', 'An account with this email already exists');
