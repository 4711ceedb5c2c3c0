import { randomUUID } from 'node:crypto';
import { TicketCodes } from '../../src/infra/crypto/ticket-code';

const SECRET = 'unit-test-ticket-code-secret-0123456789';
const codes = new TicketCodes(SECRET);
const CROCKFORD = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]+$/;

describe('ticket codes', () => {
  it('are QR-alphanumeric, fixed length, and decode to the ticket id', () => {
    for (let i = 0; i < 200; i++) {
      const ticketId = randomUUID();
      const code = codes.codeFor(ticketId);
      expect(code).toMatch(CROCKFORD);
      expect(code).toHaveLength(42);
      expect(codes.ticketIdOf(code)).toBe(ticketId);
    }
  });

  it('are the same for the same ticket (nothing to store) and differ between tickets', () => {
    const ticketId = randomUUID();
    expect(codes.codeFor(ticketId)).toBe(new TicketCodes(SECRET).codeFor(ticketId));
    expect(new Set(Array.from({ length: 500 }, () => codes.codeFor(randomUUID()))).size).toBe(500);
  });

  it('forgive case, dashes, spaces and the letters people confuse with digits', () => {
    const ticketId = randomUUID();
    const code = codes.codeFor(ticketId);
    const grouped = code.match(/.{1,6}/g)!.join('-');
    expect(codes.ticketIdOf(code.toLowerCase())).toBe(ticketId);
    expect(codes.ticketIdOf(` ${grouped} `)).toBe(ticketId);
    const confusable = code.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(codes.ticketIdOf(confusable)).toBe(ticketId);
  });

  it('decode a code made with another secret to nothing', () => {
    const ticketId = randomUUID();
    const forged = new TicketCodes('another-secret-of-at-least-32-characters').codeFor(ticketId);
    expect(codes.ticketIdOf(forged)).toBeUndefined();
  });

  it('decode to nothing when any one character is mistyped', () => {
    const code = codes.codeFor(randomUUID());
    for (let i = 0; i < code.length; i++) {
      const replacement = code[i] === 'Z' ? 'Y' : 'Z';
      expect(codes.ticketIdOf(code.slice(0, i) + replacement + code.slice(i + 1))).toBeUndefined();
    }
  });

  it('cannot be moved to another ticket by swapping the id part', () => {
    const a = codes.codeFor(randomUUID());
    const b = codes.codeFor(randomUUID());
    // The first 25 characters carry the id (125 of its 128 bits); the rest is the MAC.
    expect(codes.ticketIdOf(b.slice(0, 25) + a.slice(25))).toBeUndefined();
  });

  it('decode garbage, truncated, padded and oversized input to nothing', () => {
    const code = codes.codeFor(randomUUID());
    for (const text of ['', 'X', code.slice(0, -1), `${code}0`, 'U'.repeat(42), '!'.repeat(42), code.repeat(10)]) {
      expect(codes.ticketIdOf(text)).toBeUndefined();
    }
    // The last character carries two padding bits that must be zero: one ticket has one code.
    const last = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(code[41]);
    const noncanonical = code.slice(0, 41) + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[last ^ 1];
    expect(codes.ticketIdOf(noncanonical)).toBeUndefined();
  });

  it('refuse a short secret and ids that are not ticket ids', () => {
    expect(() => new TicketCodes('too-short')).toThrow(/at least 32/);
    expect(() => codes.codeFor('not-a-uuid')).toThrow(/Not a ticket id/);
  });
});
