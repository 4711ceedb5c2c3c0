import { createHmac, timingSafeEqual } from 'node:crypto';

// A ticket's code is its id plus a MAC of that id under a server secret, written in Crockford's
// base32: digits and upper-case letters only, so it fits a QR code's compact alphanumeric mode and
// survives being read out or typed (case, O/0 and I/L/1 mix-ups are forgiven, dashes and spaces
// ignored). Nothing is stored: the code is recomputed when shown and checked when scanned, and only
// the holder of the secret can make one that verifies.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DECODE = new Map<string, number>([
  ...[...ALPHABET].map((c, i) => [c, i] as [string, number]),
  ['O', 0],
  ['I', 1],
  ['L', 1],
]);
const ID_BYTES = 16;
/** 80 bits: far beyond what guessing at a door (or an API) could ever hit. */
const MAC_BYTES = 10;
const CODE_LENGTH = Math.ceil(((ID_BYTES + MAC_BYTES) * 8) / 5);
/** Separates these MACs from anything else the same secret might ever sign. */
const PURPOSE = 'boxoffice:ticket-code:v1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TicketCodes {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('The ticket code secret must be at least 32 characters');
  }

  /** The code printed on (and QR-encoded into) the ticket with this id. */
  codeFor(ticketId: string): string {
    if (!UUID.test(ticketId)) throw new Error(`Not a ticket id: ${ticketId}`);
    const id = Buffer.from(ticketId.replace(/-/g, ''), 'hex');
    return encodeBase32(Buffer.concat([id, this.mac(id)]));
  }

  /** The ticket id a code stands for; undefined for anything this server did not issue. */
  ticketIdOf(code: string): string | undefined {
    if (code.length > CODE_LENGTH * 2) return undefined;
    const bytes = decodeBase32(code.replace(/[\s-]/g, '').toUpperCase());
    if (!bytes || bytes.length !== ID_BYTES + MAC_BYTES) return undefined;
    const id = bytes.subarray(0, ID_BYTES);
    if (!timingSafeEqual(bytes.subarray(ID_BYTES), this.mac(id))) return undefined;
    const hex = id.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private mac(id: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(PURPOSE).update(id).digest().subarray(0, MAC_BYTES);
  }
}

function encodeBase32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Strict: exactly the length a code has and zero padding bits, so one ticket has exactly one code. */
function decodeBase32(text: string): Buffer | undefined {
  if (text.length !== CODE_LENGTH) return undefined;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = DECODE.get(char);
    if (value === undefined) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) return undefined;
  return Buffer.from(out);
}
