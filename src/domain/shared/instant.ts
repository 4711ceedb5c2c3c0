// The instants the platform stores: Postgres timestamps and JS dates both hold them exactly, and
// every one has a four-digit year in ISO-8601. Input outside this range is malformed, not a rule.

export const MIN_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const MAX_INSTANT = new Date('9999-12-31T23:59:59.999Z');

export const isStorableInstant = (date: Date): boolean =>
  !Number.isNaN(date.getTime()) && date.getTime() >= MIN_INSTANT.getTime() && date.getTime() <= MAX_INSTANT.getTime();
