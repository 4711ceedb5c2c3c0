// Subscription invoices are numbered without gaps per calendar year: BO-<year>-<6-digit sequence>.
// The sequence itself lives in a write-side counter taken in the finalizing transaction.

export const INVOICE_SEQUENCE_DIGITS = 6;
const NUMBER = /^BO-(\d{4})-(\d{6,})$/;

export function invoiceNumber(year: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Bad invoice sequence ${sequence}`);
  return `BO-${year}-${String(sequence).padStart(INVOICE_SEQUENCE_DIGITS, '0')}`;
}

export function parseInvoiceNumber(number: string): { year: number; sequence: number } | undefined {
  const match = NUMBER.exec(number);
  return match ? { year: Number(match[1]), sequence: Number(match[2]) } : undefined;
}
