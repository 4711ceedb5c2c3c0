import { refuse } from '../shared/errors';
import { isCurrency, isMinorUnits, MAX_PRICE_MINOR_UNITS, type Money } from '../shared/money';
import type { SupportContractTerms } from './support-contract-events';

export const SUPPORT_CONTRACT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
export const SUPPORT_CONTRACT_NAME_MAX_LENGTH = 100;
export const SUPPORT_CONTRACT_DESCRIPTION_MAX_LENGTH = 2000;
/** A week: a promise to answer later than that is no support contract. */
export const MAX_RESPONSE_TIME_HOURS = 168;

export const isSupportContractCode = (code: string): boolean => SUPPORT_CONTRACT_CODE_PATTERN.test(code);

export const isResponseTimeHours = (hours: number): boolean =>
  Number.isInteger(hours) && hours >= 1 && hours <= MAX_RESPONSE_TIME_HOURS;

export const isContractPrice = (price: Money): boolean =>
  isMinorUnits(price.amount) && price.amount <= MAX_PRICE_MINOR_UNITS && isCurrency(price.currency);

export function checkSupportContractCode(code: string): string {
  if (!isSupportContractCode(code)) {
    return refuse(
      'invalid',
      'invalid_support_contract_code',
      'code must be 2 to 32 upper-case letters, digits, "-" or "_", starting with a letter or digit',
    );
  }
  return code;
}

/** The rules every term obeys; name and description come back trimmed. Each refusal names its field. */
export function checkSupportContractTerms<T extends Partial<SupportContractTerms>>(terms: T): T {
  const checked = { ...terms };
  if (terms.name !== undefined) {
    const name = terms.name.trim();
    if (name.length < 1 || name.length > SUPPORT_CONTRACT_NAME_MAX_LENGTH) {
      return refuse(
        'invalid',
        'invalid_support_contract_name',
        `name must be 1 to ${SUPPORT_CONTRACT_NAME_MAX_LENGTH} characters`,
      );
    }
    checked.name = name;
  }
  if (terms.description !== undefined) {
    const description = terms.description.trim();
    if (description.length > SUPPORT_CONTRACT_DESCRIPTION_MAX_LENGTH) {
      return refuse(
        'invalid',
        'invalid_support_contract_description',
        `description must be at most ${SUPPORT_CONTRACT_DESCRIPTION_MAX_LENGTH} characters`,
      );
    }
    checked.description = description;
  }
  if (terms.monthlyPrice !== undefined) {
    const { amount, currency } = terms.monthlyPrice;
    if (!isMinorUnits(amount) || amount > MAX_PRICE_MINOR_UNITS) {
      return refuse(
        'invalid',
        'invalid_monthly_price',
        `monthlyPrice.amount must be a whole number of minor units from 0 to ${MAX_PRICE_MINOR_UNITS}`,
      );
    }
    if (!isCurrency(currency)) {
      return refuse('invalid', 'invalid_currency', 'monthlyPrice.currency must be an ISO-4217 code such as EUR');
    }
    checked.monthlyPrice = { amount, currency };
  }
  if (terms.responseTimeHours !== undefined && !isResponseTimeHours(terms.responseTimeHours)) {
    return refuse(
      'invalid',
      'invalid_response_time',
      `responseTimeHours must be a whole number from 1 to ${MAX_RESPONSE_TIME_HOURS}`,
    );
  }
  return checked;
}
