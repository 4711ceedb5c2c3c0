import type { Db } from '../../infra/db/prisma';
import type { AccountPackage } from '../../domain/accounts/account-events';
import { DomainError } from '../../domain/shared/errors';

export interface PlanView {
  id: string;
  name: string;
  monthlyPrice: number;
  currency: string;
  userLimit: number;
  totalSeats: number;
  status: 'active' | 'retired';
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

type PlanRow = NonNullable<Awaited<ReturnType<Db['plan']['findUnique']>>>;

/** The plans read model: what is on offer, and the package an account subscribing now would get. */
export class PlanQueries {
  constructor(private readonly db: Db) {}

  /** Plans still offered, cheapest first. */
  async listActive(): Promise<PlanView[]> {
    const rows = await this.db.plan.findMany({
      where: { status: 'active' },
      orderBy: [{ monthlyPrice: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toPlanView);
  }

  async get(planId: string): Promise<PlanView> {
    const row = await this.db.plan.findUnique({ where: { id: planId } });
    if (!row) throw new DomainError('not_found', 'plan_not_found', 'Plan not found');
    return toPlanView(row);
  }

  /** The package of an active plan; unknown and retired plans cannot be subscribed to. */
  async packageOf(planId: string): Promise<AccountPackage> {
    const row = await this.db.plan.findUnique({ where: { id: planId } });
    if (!row || row.status !== 'active') {
      throw new DomainError('invalid', 'plan_not_available', 'planId does not name a plan on offer');
    }
    const plan = toPlanView(row);
    return {
      planId: plan.id,
      planName: plan.name,
      monthlyPrice: plan.monthlyPrice,
      currency: plan.currency,
      userLimit: plan.userLimit,
      totalSeats: plan.totalSeats,
    };
  }
}

const toPlanView = (row: PlanRow): PlanView => ({
  id: row.id,
  name: row.name,
  monthlyPrice: Number(row.monthlyPrice),
  currency: row.currency,
  userLimit: Number(row.userLimit),
  totalSeats: Number(row.totalSeats),
  status: row.status as PlanView['status'],
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  retiredAt: row.retiredAt?.toISOString() ?? null,
});
