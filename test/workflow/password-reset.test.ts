import { randomUUID } from 'node:crypto';
import { PasswordResetRequests } from '../../src/application/identity/password-reset-requests';
import { Registration } from '../../src/application/identity/registration';
import { verifyPassword } from '../../src/infra/crypto/password-hasher';
import { RateLimiter } from '../../src/infra/rate-limit/rate-limiter';
import { passwordResetStateQuery, passwordResetWorkflowId } from '../../src/workflows/password-reset.contract';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/** Payload data in a history is base64: decode every `data` field so a search covers it too. */
function decodePayloads(historyJson: string): string {
  const out: string[] = [];
  JSON.parse(historyJson, (key, value) => {
    if (key === 'data' && typeof value === 'string') out.push(Buffer.from(value, 'base64').toString());
    if (key === 'data' && value && typeof value === 'object' && 'data' in value)
      out.push(Buffer.from(value.data).toString());
    return value;
  });
  return out.join('\n');
}

describe('password reset workflow (real Temporal dev server, Postgres and mail sink)', () => {
  let stack: TestStack;
  let resets: PasswordResetRequests;
  let registration: Registration;

  beforeAll(async () => {
    stack = await startTestStack({ PASSWORD_RESET_TTL: '3s', RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: '100' });
    registration = new Registration(stack.infra.db, stack.infra.users);
    resets = new PasswordResetRequests(stack.infra.db, new RateLimiter(stack.infra.db), stack.temporal, stack.config);
  });
  afterAll(() => stack?.stop());

  const newUser = async () => {
    const email = `reset-${randomUUID()}@example.test`;
    const user = await registration.register({ email, password: 'old-password-1', name: 'Reset Tester' });
    return { ...user, email };
  };
  const client = () => `client-${randomUUID()}`;
  const tokenFromEmail = (to: string, nth = 0) =>
    eventually(() => {
      const mails = stack.sink.messages().filter((m) => m.to.includes(to));
      const text = mails[nth]?.text;
      return text ? /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] : undefined;
    });
  const state = (requestId: string) =>
    stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId)).query(passwordResetStateQuery);
  const passwordHash = async (userId: string) =>
    (await stack.infra.db.userCredential.findUniqueOrThrow({ where: { userId } })).passwordHash;
  const eventTypes = async (userId: string) =>
    (await stack.infra.eventStore.readStream(`user-${userId}`)).map((e) => e.type);

  it('emails a link, accepts the token once and changes the password', async () => {
    const user = await newUser();
    const { requestId } = await resets.request(user.email, client());
    const token = await tokenFromEmail(user.email);

    await resets.confirm(token, 'brand-new-secret-2');

    expect(await verifyPassword('brand-new-secret-2', await passwordHash(user.id))).toBe(true);
    expect(await verifyPassword('old-password-1', await passwordHash(user.id))).toBe(false);
    await expect(stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId)).result()).resolves.toBe(
      'completed',
    );
    expect(await eventTypes(user.id)).toEqual([
      'UserRegistered',
      'PasswordResetRequested',
      'PasswordResetLinkIssued',
      'PasswordResetEmailSent',
      'PasswordResetCompleted',
      'PasswordChanged',
    ]);
    const stored = await stack.infra.db.passwordResetRequest.findUniqueOrThrow({ where: { requestId } });
    expect(stored.tokenHash).not.toContain(token);
    const events = await stack.infra.eventStore.readStream(`user-${user.id}`);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(token);

    // Reuse: the same token is refused and the password stays as it is.
    await expect(resets.confirm(token, 'another-secret-3')).rejects.toMatchObject({ code: 'reset_token_used' });
    expect(await verifyPassword('brand-new-secret-2', await passwordHash(user.id))).toBe(true);
  });

  it('refuses a wrong token without changing anything', async () => {
    const user = await newUser();
    await resets.request(user.email, client());
    await tokenFromEmail(user.email);
    const before = await passwordHash(user.id);
    await expect(resets.confirm('not-the-token-at-all', 'brand-new-secret-2')).rejects.toMatchObject({
      code: 'reset_token_invalid',
    });
    expect(await passwordHash(user.id)).toBe(before);
  });

  it('expires the token when the timer fires first', async () => {
    const user = await newUser();
    const { requestId } = await resets.request(user.email, client());
    const token = await tokenFromEmail(user.email);
    const handle = stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId));

    await expect(handle.result()).resolves.toBe('expired');
    await expect(resets.confirm(token, 'brand-new-secret-2')).rejects.toMatchObject({ code: 'reset_token_expired' });
    expect(await verifyPassword('old-password-1', await passwordHash(user.id))).toBe(true);
    expect(await eventTypes(user.id)).toContain('PasswordResetExpired');
  });

  it('lets a newer request supersede the older token', async () => {
    const user = await newUser();
    const first = await resets.request(user.email, client());
    const oldToken = await tokenFromEmail(user.email, 0);
    await resets.request(user.email, client());
    const newToken = await tokenFromEmail(user.email, 1);

    await expect(stack.temporal.workflow.getHandle(passwordResetWorkflowId(first.requestId)).result()).resolves.toBe(
      'superseded',
    );
    await expect(resets.confirm(oldToken, 'brand-new-secret-2')).rejects.toMatchObject({
      code: 'reset_token_superseded',
    });
    await resets.confirm(newToken, 'brand-new-secret-2');
    expect(await verifyPassword('brand-new-secret-2', await passwordHash(user.id))).toBe(true);
    expect(await eventTypes(user.id)).toContain('PasswordResetSuperseded');
  });

  it('accepts exactly one of two concurrent confirmations, and applies that one’s password', async () => {
    const user = await newUser();
    const { requestId } = await resets.request(user.email, client());
    const token = await tokenFromEmail(user.email);

    const outcomes = await Promise.allSettled([
      resets.confirm(token, 'first-contender-1'),
      resets.confirm(token, 'second-contender-2'),
    ]);
    const won = outcomes.findIndex((o) => o.status === 'fulfilled');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes[1 - won] as PromiseRejectedResult;
    expect(['reset_in_progress', 'reset_token_used']).toContain(lost.reason.code);
    const winner = ['first-contender-1', 'second-contender-2'][won];
    expect(await verifyPassword(winner, await passwordHash(user.id))).toBe(true);
    await expect(stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId)).result()).resolves.toBe(
      'completed',
    );
    expect(await stack.infra.db.stagedPasswordChange.count({ where: { requestId } })).toBe(0);
  });

  it('sends a fresh random token in every email and stores only its hash', async () => {
    const user = await newUser();
    const first = await resets.request(user.email, client());
    const firstToken = await tokenFromEmail(user.email, 0);
    const second = await resets.request(user.email, client());
    const tokens = [firstToken, await tokenFromEmail(user.email, 1)];
    expect(tokens[0]).not.toBe(tokens[1]);
    const rows = await stack.infra.db.passwordResetRequest.findMany({
      where: { requestId: { in: [first.requestId, second.requestId] } },
    });
    for (const row of rows) {
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(tokens).not.toContain(row.tokenHash);
    }
    // Nothing a support engineer sees in Temporal holds a token.
    for (const { requestId } of [first, second]) {
      const history = await stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId)).fetchHistory();
      const text = JSON.stringify(history, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
      const decoded = Buffer.from(text).toString() + decodePayloads(text);
      for (const token of tokens) expect(decoded).not.toContain(token);
    }
  });

  it('sends nothing and records nothing for an unknown email, yet answers the same', async () => {
    const email = `nobody-${randomUUID()}@example.test`;
    const { requestId } = await resets.request(email, client());
    await expect(stack.temporal.workflow.getHandle(passwordResetWorkflowId(requestId)).result()).resolves.toBe(
      'no-account',
    );
    expect(stack.sink.messages().filter((m) => m.to.includes(email))).toHaveLength(0);
    expect(await state(requestId)).toBe('no-account');
  });
});
