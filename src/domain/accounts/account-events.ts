// Facts about one organizer account: its subscription package, its members, and the seats its
// concerts have put on sale (kept here so the totalSeats budget is checked in one transaction).

export type MemberRole = 'owner' | 'staff';
export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'staff'];

/** What an account bought: copied from the plan, so later plan edits never change it. */
export interface AccountPackage {
  planId: string;
  planName: string;
  monthlyPrice: number;
  currency: string;
  userLimit: number;
  totalSeats: number;
}

export type AccountOpened = {
  type: 'AccountOpened';
  data: { accountId: string; name: string; package: AccountPackage; ownerId: string; openedAt: string };
};
export type AccountMemberAdded = {
  type: 'AccountMemberAdded';
  data: { accountId: string; userId: string; role: MemberRole; addedBy: string; addedAt: string };
};
export type AccountMemberRemoved = {
  type: 'AccountMemberRemoved';
  data: { accountId: string; userId: string; removedBy: string; removedAt: string };
};
export type AccountPlanChangeScheduled = {
  type: 'AccountPlanChangeScheduled';
  /** `effectiveFrom` is a billing period, YYYY-MM: changes apply from the next period on. */
  data: { accountId: string; package: AccountPackage; effectiveFrom: string; scheduledBy: string; scheduledAt: string };
};
export type ConcertSeatsAllocated = {
  type: 'ConcertSeatsAllocated';
  /**
   * `seats` is the concert's whole capacity now and `startsAt` its start (ISO-8601 UTC); together
   * they replace any earlier allocation. Seats count against totalSeats until the concert starts.
   * `startsAt` is always recorded now; events from before it was (only ever in development
   * databases) lack it and are read as a concert that has not started, so no upcaster is needed.
   */
  data: { accountId: string; concertId: string; seats: number; startsAt?: string; allocatedAt: string };
};
export type ConcertSeatsReleased = {
  type: 'ConcertSeatsReleased';
  data: { accountId: string; concertId: string; releasedAt: string };
};

export type AccountEvent =
  | AccountOpened
  | AccountMemberAdded
  | AccountMemberRemoved
  | AccountPlanChangeScheduled
  | ConcertSeatsAllocated
  | ConcertSeatsReleased;

export const ACCOUNT_STREAM_TYPE = 'account';
export const accountStreamId = (accountId: string): string => `account-${accountId}`;
