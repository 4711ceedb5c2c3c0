import { randomBytes, randomUUID } from 'node:crypto';
import { Registration, type RegisteredUser } from '../../src/application/identity/registration';
import { RoleAdministration } from '../../src/application/identity/roles-admin';
import { UserCommands } from '../../src/application/identity/user-commands';
import { issueResetLink, requestPasswordReset } from '../../src/domain/identity/user-decisions';
import { EMAIL_STREAM_TYPE, emailSent, emailStreamId } from '../../src/domain/notifications/email-events';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { deterministicId } from '../../src/infra/event-store/ids';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { rebuildReadModels } from '../../src/read-models/rebuild';
import { snapshotTables, type TableSnapshot } from '../support/table-snapshot';

const PASSWORD = 'Correct-Horse-Battery-42';
const TABLES = [...new Set(allProjections.flatMap((p) => p.tables))];

type Snapshot = TableSnapshot;

describe('rebuilding the read models from the events', () => {
  let db: Db;
  let eventStore: EventStore;
  let users: UserCommands;
  let registration: Registration;
  let roles: RoleAdministration;

  const snapshot = () => snapshotTables(db, TABLES);

  const userRow = (snap: Snapshot, id: string) => snap.users.find((u) => (u as { id: string }).id === id);

  async function registerUser(label: string): Promise<RegisteredUser> {
    const tag = randomBytes(6).toString('hex');
    return registration.register({ email: `Rebuild.${label}.${tag}@Example.com`, password: PASSWORD, name: label });
  }

  async function requestReset(userId: string): Promise<string> {
    const requestId = randomUUID();
    await users.execute(userId, (state) => requestPasswordReset(state, { requestId, ttlMs: 60_000, now: new Date() }), {
      operationId: `reset:${requestId}`,
    });
    const tokenHash = randomBytes(32).toString('hex');
    await users.execute(
      userId,
      (state) =>
        issueResetLink(state, { requestId, messageKey: `reset-mail-${requestId}`, tokenHash, now: new Date() }),
      { operationId: `reset-mail:${requestId}` },
    );
    return requestId;
  }

  async function recordEmail(to: string): Promise<string> {
    const messageKey = `rebuild-test-${randomUUID()}`;
    await eventStore.append([
      {
        streamId: emailStreamId(messageKey),
        streamType: EMAIL_STREAM_TYPE,
        expectedVersion: 0,
        events: [
          {
            eventId: deterministicId('email-sent', messageKey),
            ...emailSent({
              messageKey,
              to,
              template: 'welcome',
              subject: 'Welcome',
              providerMessageId: `msg-${messageKey}`,
            }),
          },
        ],
      },
    ]);
    return messageKey;
  }

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    users = new UserCommands(eventStore);
    registration = new Registration(db, users);
    roles = new RoleAdministration(db, users, registration);
  });

  afterAll(async () => {
    await db.$disconnect();
  });

  it('covers every read-model table', () => {
    expect([...TABLES].sort()).toEqual([
      'account_concert_seats',
      'account_members',
      'account_plan_changes',
      'accounts',
      'billing_accounts',
      'billing_allowances',
      'cart_lines',
      'carts',
      'concert_ticket_levels',
      'concerts',
      'email_deliveries',
      'order_lines',
      'orders',
      'password_reset_requests',
      'payments',
      'plans',
      'purchase_invoice_lines',
      'purchase_invoices',
      'subscription_invoice_lines',
      'subscription_invoices',
      'support_contract_catalog',
      'support_ticket_messages',
      'support_tickets',
      'ticket_deliveries',
      'ticket_scans',
      'tickets',
      'users',
    ]);
  });

  it('reproduces every read-model table exactly', async () => {
    // Rows left in the shared database by older code are not this code's to reproduce: start from
    // read models the current projections built, then check that what they build live is what a
    // replay builds.
    await rebuildReadModels(db, eventStore, allProjections);
    const [ada, grace, alan] = await Promise.all([registerUser('Ada'), registerUser('Grace'), registerUser('Alan')]);
    await roles.changeRole(ada.id, 'staff', grace.id);
    await roles.changeRole(grace.id, 'admin', 'system');
    await roles.changeRole(grace.id, 'customer', ada.id);
    const firstReset = await requestReset(alan.id);
    const secondReset = await requestReset(alan.id); // supersedes the first
    const messageKey = await recordEmail(alan.email);

    const before = await snapshot();
    // The snapshot really holds what was just done, so comparing it is not comparing nothing.
    expect(userRow(before, ada.id)).toMatchObject({ role: 'staff', name: 'Ada', email: ada.email });
    expect(userRow(before, grace.id)).toMatchObject({ role: 'customer' });
    expect(userRow(before, alan.id)).toMatchObject({ role: 'customer' });
    expect(before.password_reset_requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ request_id: firstReset, status: 'superseded' }),
        expect.objectContaining({ request_id: secondReset, status: 'pending', resolved_at: null }),
      ]),
    );
    expect(before.email_deliveries).toEqual(
      expect.arrayContaining([expect.objectContaining({ message_key: messageKey, recipient: alan.email })]),
    );
    const [{ stored }] = await db.$queryRaw<Array<{ stored: number }>>`SELECT count(*)::int AS stored FROM events`;

    const replayed = await rebuildReadModels(db, eventStore, allProjections);

    expect(replayed).toBeGreaterThanOrEqual(stored);
    expect(await snapshot()).toEqual(before);
  });

  it('repairs corrupted, missing and stray read-model rows', async () => {
    const [ada, grace] = await Promise.all([registerUser('Ada'), registerUser('Grace')]);
    await roles.changeRole(grace.id, 'staff', ada.id);
    const resetId = await requestReset(ada.id);
    const messageKey = await recordEmail(ada.email);
    const before = await snapshot();
    expect(userRow(before, grace.id)).toMatchObject({ role: 'staff', name: 'Grace' });

    await db.$executeRaw`UPDATE users SET name = 'x', role = 'admin', credential_version = 7 WHERE id = ${grace.id}::uuid`;
    await db.$executeRaw`DELETE FROM users WHERE id = ${ada.id}::uuid`;
    const stray = randomUUID();
    await db.$executeRaw`
      INSERT INTO users (id, email, email_normalized, name, role, credential_version, registered_at, updated_at)
      VALUES (${stray}::uuid, ${`stray-${stray}@example.com`}, ${`stray-${stray}@example.com`}, 'Stray', 'admin', 0, now(), now())`;
    await db.$executeRaw`UPDATE password_reset_requests SET status = 'completed', resolved_at = now() WHERE request_id = ${resetId}::uuid`;
    await db.$executeRaw`UPDATE email_deliveries SET subject = 'tampered' WHERE message_key = ${messageKey}`;
    expect(await snapshot()).not.toEqual(before);

    await rebuildReadModels(db, eventStore, allProjections);

    const after = await snapshot();
    expect(userRow(after, grace.id)).toMatchObject({ name: 'Grace', role: 'staff', credential_version: 0 });
    expect(userRow(after, ada.id)).toMatchObject({ name: 'Ada', role: 'customer' });
    expect(userRow(after, stray)).toBeUndefined();
    expect(after).toEqual(before);
  });

  it('keeps registrations that race with a rebuild in the rebuilt read model', async () => {
    const first = await registerUser('Early');
    const rebuilding = rebuildReadModels(db, eventStore, allProjections);
    const racing = await Promise.all([registerUser('Racer1'), registerUser('Racer2')]);
    await rebuilding;

    const live = await snapshot();
    for (const user of [first, ...racing]) expect(userRow(live, user.id)).toMatchObject({ name: user.name });
    await rebuildReadModels(db, eventStore, allProjections);
    expect(await snapshot()).toEqual(live);
  });
});
