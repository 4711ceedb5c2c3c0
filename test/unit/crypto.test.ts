import { generateResetToken, hashResetToken } from '../../src/infra/crypto/reset-token';
import { hashPassword, verifyPassword } from '../../src/infra/crypto/password-hasher';
import { AccessTokens } from '../../src/infra/crypto/access-token';

describe('reset tokens', () => {
  it('are random, url-safe and 256 bits long', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateResetToken()));
    expect(tokens.size).toBe(1000);
    for (const token of [...tokens].slice(0, 20)) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are stored only as a one-way hash that does not contain the token', () => {
    const token = generateResetToken();
    const hash = hashResetToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashResetToken(token)).toBe(hash);
    expect(hashResetToken(`${token}x`)).not.toBe(hash);
  });
});

describe('password hashing', () => {
  it('verifies the right password only and salts every hash', async () => {
    const a = await hashPassword('correct horse 9');
    const b = await hashPassword('correct horse 9');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse 9');
    await expect(verifyPassword('correct horse 9', a)).resolves.toBe(true);
    await expect(verifyPassword('correct horse 8', a)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'not-a-hash')).resolves.toBe(false);
  });
});

describe('access tokens', () => {
  it('round-trips claims and refuses tampered, foreign or expired tokens', async () => {
    const tokens = new AccessTokens('k'.repeat(40), 60_000);
    const { accessToken, expiresIn } = tokens.issue({ sub: 'u1', role: 'staff', cv: 2 });
    expect(expiresIn).toBe(60);
    expect(tokens.verify(accessToken)).toEqual({ sub: 'u1', role: 'staff', cv: 2 });
    expect(tokens.verify(`${accessToken}x`)).toBeUndefined();
    expect(new AccessTokens('j'.repeat(40), 60_000).verify(accessToken)).toBeUndefined();
    const shortLived = new AccessTokens('k'.repeat(40), 1000).issue({ sub: 'u1', role: 'staff', cv: 2 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(tokens.verify(shortLived.accessToken)).toBeUndefined();
  });
});
