import { createHash } from 'node:crypto';

// RFC 4122 namespace for Boxoffice's name-based (v5) ids.
const NAMESPACE = Buffer.from('6f1d2c3e8b9a4f5d9e7c1a2b3c4d5e6f', 'hex');

/** A name-based uuid (v5): the same name always yields the same id, so retried steps write the same event. */
export function deterministicId(...parts: Array<string | number>): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join(':')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
