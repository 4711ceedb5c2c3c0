import { randomBytes, randomUUID } from 'node:crypto';
import { CartCommands } from '../../src/application/carts/cart-commands';
import { CartEditor } from '../../src/application/carts/cart-editor';
import { CartMerger } from '../../src/application/carts/cart-merger';
import { anonymousCartId, newCartToken, userCartId, type CartOwner } from '../../src/application/carts/cart-ownership';
import type { CatalogAvailability, CatalogEntry, LevelKey } from '../../src/application/carts/catalog-availability';
import { createDb, type Db } from '../../src/infra/db/prisma';
import { EventStore } from '../../src/infra/event-store/event-store';
import { upcasters } from '../../src/infra/event-store/upcaster-registry';
import { allProjections } from '../../src/read-models';
import { cartProjections } from '../../src/read-models/carts';
import { rebuildReadModels } from '../../src/read-models/rebuild';

/**
 * The catalog as carts see it, held in memory: these tests are about the cart projections, so the
 * facts each command sees are set by the test (the catalog's own read model is exercised end to end).
 */
class FixedCatalog implements CatalogAvailability {
  readonly levels = new Map<string, { onSale: boolean; available: number; price: number; currency: string }>();
  set(concertId: string, ticketLevel: string, facts: { onSale?: boolean; available?: number; currency?: string }) {
    this.levels.set(`${concertId}/${ticketLevel}`, {
      onSale: facts.onSale ?? true,
      available: facts.available ?? 100,
      price: 1000,
      currency: facts.currency ?? 'EUR',
    });
  }
  async findLevels(keys: LevelKey[]): Promise<CatalogEntry[]> {
    return keys.map((key) => {
      const level = this.levels.get(`${key.concertId}/${key.ticketLevel}`);
      if (!level) return { ...key };
      return {
        ...key,
        concert: { name: 'Concert', onSale: level.onSale },
        level: { name: key.ticketLevel, price: level.price, currency: level.currency, available: level.available },
      };
    });
  }
}

const CART_TABLES = cartProjections.flatMap((p) => p.tables);

describe('cart projections', () => {
  let db: Db;
  let eventStore: EventStore;
  let catalog: FixedCatalog;
  let editor: CartEditor;
  let merger: CartMerger;
  const k1 = randomUUID();
  const k2 = randomUUID();

  const cartRow = (cartId: string) => db.cart.findUnique({ where: { cartId } });
  const lines = async (cartId: string) =>
    (
      await db.cartLine.findMany({
        where: { cartId },
        orderBy: { position: 'asc' },
      })
    ).map((l) => [l.concertId, l.ticketLevel, l.quantity]);
  const snapshot = async () => ({
    carts: await db.$queryRawUnsafe(`SELECT to_jsonb(c) AS row FROM carts c ORDER BY cart_id`),
    lines: await db.$queryRawUnsafe(
      `SELECT to_jsonb(l) AS row FROM cart_lines l ORDER BY cart_id, concert_id, ticket_level`,
    ),
  });

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    eventStore = new EventStore(db, { projections: allProjections, upcasters });
    catalog = new FixedCatalog();
    const carts = new CartCommands(eventStore);
    editor = new CartEditor(carts, catalog, { maxQuantityPerLine: 10 });
    merger = new CartMerger(eventStore, carts, catalog, { maxQuantityPerLine: 10 });
    catalog.set(k1, 'GA', { available: 100 });
    catalog.set(k1, 'VIP', { available: 5 });
    catalog.set(k2, 'GA', { available: 100, currency: 'USD' });
  });

  afterAll(async () => {
    await db.$disconnect();
  });

  it('owns exactly the carts and cart_lines tables', () => {
    expect(CART_TABLES.sort()).toEqual(['cart_lines', 'carts']);
  });

  it('keeps cart lines in step with adds, changes, removals and clears', async () => {
    const user: CartOwner = { kind: 'user', userId: randomUUID() };
    const cartId = userCartId(user.userId);
    await editor.add(user, { concertId: k1, ticketLevel: 'GA', quantity: 2 });
    await editor.add(user, { concertId: k1, ticketLevel: 'GA', quantity: 3 });
    await editor.add(user, { concertId: k1, ticketLevel: 'VIP', quantity: 1 });
    await editor.add(user, { concertId: k2, ticketLevel: 'GA', quantity: 4 });
    expect(await lines(cartId)).toEqual([
      [k1, 'GA', 5],
      [k1, 'VIP', 1],
      [k2, 'GA', 4],
    ]);
    expect(await cartRow(cartId)).toMatchObject({ status: 'open', mergedInto: null });

    await editor.changeQuantity(user, { concertId: k1, ticketLevel: 'VIP', quantity: 4 });
    await editor.remove(user, { concertId: k1, ticketLevel: 'GA' });
    expect(await lines(cartId)).toEqual([
      [k1, 'VIP', 4],
      [k2, 'GA', 4],
    ]);

    await editor.clear(user);
    expect(await lines(cartId)).toEqual([]);
    expect(await cartRow(cartId)).toMatchObject({ status: 'open' });
  });

  it('moves merged lines into the user cart and closes the anonymous cart, atomically and once', async () => {
    const user: CartOwner = { kind: 'user', userId: randomUUID() };
    const into = userCartId(user.userId);
    await editor.add(user, { concertId: k1, ticketLevel: 'VIP', quantity: 2 });
    const { newToken } = await editor.add(undefined, { concertId: k1, ticketLevel: 'VIP', quantity: 4 });
    const token = newToken!;
    const anonymous: CartOwner = { kind: 'anonymous', token };
    await editor.add(anonymous, { concertId: k2, ticketLevel: 'GA', quantity: 3 });
    const from = anonymousCartId(token);

    // Two logins racing with the same token: one merge, which both report (its event ids are deterministic).
    const results = await Promise.all([merger.merge(user.userId, token), merger.merge(user.userId, token)]);
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toEqual([
      {
        concertId: k1,
        ticketLevel: 'VIP',
        requested: 4,
        added: 3,
        lineQuantity: 5,
        outcome: 'capped',
        reason: 'not_enough_tickets',
      },
      { concertId: k2, ticketLevel: 'GA', requested: 3, added: 3, lineQuantity: 3, outcome: 'taken' },
    ]);
    expect(await lines(into)).toEqual([
      [k1, 'VIP', 5],
      [k2, 'GA', 3],
    ]);
    expect(await lines(from)).toEqual([]);
    expect(await cartRow(from)).toMatchObject({ status: 'merged', mergedInto: into });
    const types = await db.event.findMany({ where: { streamId: `cart-${from}` }, orderBy: { streamVersion: 'asc' } });
    expect(types.map((e) => e.type)).toEqual(['CartItemAdded', 'CartItemAdded', 'CartMergedAway']);
    const merges = await db.event.count({ where: { streamId: `cart-${into}`, type: 'AnonymousCartMerged' } });
    expect(merges).toBe(1);

    // Asked again, the merge reports what it did; for anyone else the closed cart has nothing to give.
    expect(await merger.merge(user.userId, token)).toEqual(results[0]);
    expect(await merger.merge(randomUUID(), token)).toEqual([]);
    await expect(editor.add(anonymous, { concertId: k1, ticketLevel: 'GA', quantity: 1 })).rejects.toMatchObject({
      code: 'cart_closed',
    });
  });

  it('gives an anonymous cart to exactly one of two users racing to merge it', async () => {
    const [ada, bob] = [randomUUID(), randomUUID()];
    const { newToken } = await editor.add(undefined, { concertId: k2, ticketLevel: 'GA', quantity: 2 });
    const results = await Promise.all([merger.merge(ada, newToken!), merger.merge(bob, newToken!)]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 1]);
    const held = await Promise.all([lines(userCartId(ada)), lines(userCartId(bob))]);
    expect(held.flat()).toEqual([[k2, 'GA', 2]]);
  });

  it('never stores the cart token', async () => {
    const { newToken } = await editor.add(undefined, { concertId: k1, ticketLevel: 'GA', quantity: 1 });
    const [{ found }] = await db.$queryRaw<[{ found: number }]>`
      SELECT count(*)::int AS found FROM events WHERE data::text LIKE ${`%${newToken}%`} OR metadata::text LIKE ${`%${newToken}%`}`;
    expect(found).toBe(0);
    expect(await cartRow(anonymousCartId(newToken!))).toMatchObject({ status: 'open' });
  });

  it('refuses a cart token that opened no cart', async () => {
    const stranger: CartOwner = { kind: 'anonymous', token: newCartToken() };
    await expect(editor.add(stranger, { concertId: k1, ticketLevel: 'GA', quantity: 1 })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'cart_not_found',
    });
    await expect(merger.merge(randomUUID(), stranger.token)).rejects.toMatchObject({ code: 'cart_not_found' });
  });

  it('lets concurrent adds to one cart all count', async () => {
    const user: CartOwner = { kind: 'user', userId: randomUUID() };
    await Promise.all([1, 2, 3].map(() => editor.add(user, { concertId: k2, ticketLevel: 'GA', quantity: 2 })));
    expect(await lines(userCartId(user.userId))).toEqual([[k2, 'GA', 6]]);
  });

  it('rebuilds the cart read models exactly', async () => {
    const user: CartOwner = { kind: 'user', userId: randomUUID() };
    await editor.add(user, { concertId: k1, ticketLevel: 'GA', quantity: 2 });
    const { newToken } = await editor.add(undefined, { concertId: k1, ticketLevel: 'GA', quantity: 2 });
    await merger.merge(user.userId, newToken!);
    await editor.add(user, { concertId: k2, ticketLevel: 'GA', quantity: 1 });
    await editor.changeQuantity(user, { concertId: k2, ticketLevel: 'GA', quantity: 2 });
    const before = await snapshot();
    expect(JSON.stringify(before)).toContain(anonymousCartId(newToken!));

    // Corrupt, delete and invent rows: the rebuild restores exactly what the events say.
    await db.$executeRaw`UPDATE cart_lines SET quantity = 9 WHERE cart_id = ${userCartId(user.userId)}::uuid`;
    await db.$executeRaw`DELETE FROM carts WHERE cart_id = ${anonymousCartId(newToken!)}::uuid`;
    await db.$executeRaw`
      INSERT INTO cart_lines (cart_id, concert_id, ticket_level, quantity, position, added_at, updated_at)
      VALUES (${randomUUID()}::uuid, ${k1}::uuid, ${randomBytes(4).toString('hex')}, 1, 1, now(), now())`;
    expect(await snapshot()).not.toEqual(before);

    await rebuildReadModels(db, eventStore, allProjections);
    expect(await snapshot()).toEqual(before);
  });
});
