import type { Db } from '../../infra/db/prisma';

export interface BillingContact {
  userId: string;
  email: string;
  name: string;
}

/** The owners of an account (who receive its invoices), first owner first; from the read models. */
export async function accountOwners(db: Db, accountId: string): Promise<BillingContact[]> {
  const owners = await db.accountMember.findMany({
    where: { accountId, role: 'owner' },
    orderBy: [{ addedAt: 'asc' }, { userId: 'asc' }],
  });
  const users = await db.user.findMany({ where: { id: { in: owners.map((o) => o.userId) } } });
  const byId = new Map(users.map((u) => [u.id, u]));
  return owners.flatMap((o) => {
    const user = byId.get(o.userId);
    return user ? [{ userId: user.id, email: user.email, name: user.name }] : [];
  });
}
