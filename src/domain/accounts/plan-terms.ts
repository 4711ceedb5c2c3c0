import { refuse } from '../shared/errors';
import { isCurrency, isMinorUnits, MAX_PRICE_MINOR_UNITS } from '../shared/money';
import type { PlanTerms } from './plan-events';

export const PLAN_NAME_MAX_LENGTH = 100;

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;

/** The rules every plan term obeys; names come back trimmed. Each refusal names the field it concerns. */
export function checkPlanTerms<T extends Partial<PlanTerms>>(terms: T): T {
  const checked = { ...terms };
  if (terms.name !== undefined) {
    const name = terms.name.trim();
    if (name.length < 1 || name.length > PLAN_NAME_MAX_LENGTH) {
      return refuse('invalid', 'invalid_plan_name', `name must be 1 to ${PLAN_NAME_MAX_LENGTH} characters`);
    }
    checked.name = name;
  }
  if (terms.monthlyPrice !== undefined && !isMinorUnits(terms.monthlyPrice)) {
    return refuse('invalid', 'invalid_monthly_price', 'monthlyPrice must be a whole number of minor units, 0 or more');
  }
  if (terms.monthlyPrice !== undefined && terms.monthlyPrice > MAX_PRICE_MINOR_UNITS) {
    return refuse('invalid', 'price_too_large', `monthlyPrice must be at most ${MAX_PRICE_MINOR_UNITS} minor units`);
  }
  if (terms.currency !== undefined && !isCurrency(terms.currency)) {
    return refuse('invalid', 'invalid_currency', 'currency must be an ISO-4217 code such as EUR');
  }
  if (terms.userLimit !== undefined && !isCount(terms.userLimit)) {
    return refuse('invalid', 'invalid_user_limit', 'userLimit must be a whole number, 1 or more');
  }
  if (terms.totalSeats !== undefined && !isCount(terms.totalSeats)) {
    return refuse('invalid', 'invalid_total_seats', 'totalSeats must be a whole number, 1 or more');
  }
  return checked;
}
