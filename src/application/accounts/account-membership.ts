import { randomUUID } from 'node:crypto';
import { addMember, removeMember } from '../../domain/accounts/account-decisions';
import type { MemberRole } from '../../domain/accounts/account-events';
import { DomainError } from '../../domain/shared/errors';
import type { UserDirectory } from '../identity/user-directory';
import type { AccountCommands } from './account-commands';
import type { AccountQueries, MemberView } from './account-queries';

/** Who to add, by id or by email (the API accepts exactly one of them). */
export interface MemberToAdd {
  role: MemberRole;
  userId?: string;
  email?: string;
}

/** Adds and removes account members; users are found through identity's directory only. */
export class AccountMembership {
  constructor(
    private readonly accounts: AccountCommands,
    private readonly directory: UserDirectory,
    private readonly queries: AccountQueries,
  ) {}

  async add(accountId: string, member: MemberToAdd, actorId: string): Promise<MemberView> {
    const user = member.userId
      ? await this.directory.findById(member.userId)
      : member.email
        ? await this.directory.findByEmail(member.email)
        : undefined;
    if (!user) throw new DomainError('not_found', 'user_not_found', 'No user with this id or email');
    await this.accounts.execute(
      accountId,
      (state) => addMember(state, { userId: user.id, role: member.role, addedBy: actorId, now: new Date() }),
      { operationId: `add-member:${randomUUID()}`, metadata: { actor: actorId } },
    );
    return this.queries.member(accountId, user.id);
  }

  async remove(accountId: string, userId: string, actorId: string): Promise<void> {
    await this.accounts.execute(
      accountId,
      (state) => removeMember(state, { userId, removedBy: actorId, now: new Date() }),
      { operationId: `remove-member:${randomUUID()}`, metadata: { actor: actorId } },
    );
  }
}
