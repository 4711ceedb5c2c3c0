// Facts about one subscription plan. Accounts copy a plan's terms when they subscribe, so none of
// these ever changes an existing account's package.

/** What a plan sells: its price and the package limits an account gets. */
export interface PlanTerms {
  name: string;
  /** Integer minor units of `currency`. */
  monthlyPrice: number;
  currency: string;
  /** Members an account may have. */
  userLimit: number;
  /** Ticket capacity an account may have on sale at once. */
  totalSeats: number;
}

export type PlanCreated = {
  type: 'PlanCreated';
  data: PlanTerms & { planId: string; createdBy: string; createdAt: string };
};
export type PlanUpdated = {
  type: 'PlanUpdated';
  /** Only the terms that changed, with their new values. */
  data: { planId: string; changes: Partial<PlanTerms>; updatedBy: string; updatedAt: string };
};
export type PlanRetired = {
  type: 'PlanRetired';
  data: { planId: string; retiredBy: string; retiredAt: string };
};

export type PlanEvent = PlanCreated | PlanUpdated | PlanRetired;

export const PLAN_STREAM_TYPE = 'plan';
export const planStreamId = (planId: string): string => `plan-${planId}`;
