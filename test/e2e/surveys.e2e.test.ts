import { randomUUID } from 'node:crypto';
import type { SurveySummaryView } from '../../src/application/surveys/survey-analytics';
import { surveyStreamId, type SurveySubmitted } from '../../src/domain/surveys/survey-events';
import { createLogger } from '../../src/infra/logging/logger';
import { allProjections } from '../../src/read-models';
import { startSurveyExport, type SurveyExportHandle } from '../../src/worker/survey-export';
import { signUpOverHttp, startApiStack, type ApiTestStack, type HttpUser } from '../support/api-stack';
import { eventually } from '../support/stack';
import { countRows, exportedSurveys } from '../support/surveys';
import { snapshotTables } from '../support/table-snapshot';
import { placeTestOrder } from '../support/ticket-orders';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'survey-admin-77' };
const CUSTOMER_FACING_TABLES = [...new Set(allProjections.flatMap((p) => p.tables))];

/**
 * Issue 6, feedback surveys, over HTTP on the real stack: customers submit surveys (202 at once),
 * the worker's export (started here, as worker.ts does) carries them to the analytics schema, and
 * admins read counts and NPS from there. No customer-facing table ever holds a survey.
 */
describe('feedback surveys over HTTP', () => {
  let stack: ApiTestStack;
  let exporter: SurveyExportHandle;
  let admin: string;

  beforeAll(async () => {
    stack = await startApiStack({
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      SURVEY_EXPORT_INTERVAL: '100ms',
    });
    exporter = startSurveyExport(stack.infra, createLogger('silent'));
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
  });

  afterAll(async () => {
    await exporter?.stop();
    await stack?.stop();
  });

  const signUp = (label: string): Promise<HttpUser> => signUpOverHttp(stack, label);
  const orderOf = async (customer: HttpUser): Promise<string> =>
    (
      await placeTestOrder(stack.infra.eventStore, {
        customerId: customer.id,
        concertId: randomUUID(),
        accountId: randomUUID(),
      })
    ).orderId;
  const submit = (token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    stack.http('POST', '/surveys', { token, body, headers });
  const summary = (query = '', token: string | undefined = admin) =>
    stack.http('GET', `/admin/analytics/surveys/summary${query}`, { token });
  /** What is stored, once the export has caught up with every survey submitted so far. */
  const written = async () => {
    const { db } = stack.infra;
    const surveys = async () =>
      (
        await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM events WHERE type = 'SurveySubmitted'`
      )[0].n;
    await eventually(async () =>
      (await surveys()) === (await countRows(db, 'analytics.survey_responses')) ? true : undefined,
    );
    return { events: await countRows(db, 'events'), analytics: await countRows(db, 'analytics.survey_responses') };
  };
  const submittedAtOf = async (surveyId: string) =>
    ((await stack.infra.eventStore.readStream(surveyStreamId(surveyId)))[0].data as SurveySubmitted['data'])
      .submittedAt;

  it('takes surveys at once and shows them to admins from the analytics side, with the right NPS', async () => {
    const [ada, bob, cy] = [await signUp('Ada'), await signUp('Bob'), await signUp('Cy')];
    const [adaFirst, adaSecond, bobOrder, cyOrder] = [
      await orderOf(ada),
      await orderOf(ada),
      await orderOf(bob),
      await orderOf(cy),
    ];
    const customerSide = await snapshotTables(stack.infra.db, CUSTOMER_FACING_TABLES);
    const since = new Date().toISOString();

    const surveys: Array<[HttpUser, Record<string, unknown>]> = [
      [ada, { orderId: adaFirst, score: 10, comment: '  Smooth checkout, great seats.  ' }],
      [ada, { score: 9 }],
      [bob, { orderId: bobOrder, score: 8 }],
      [bob, { score: 7, comment: 'Fine, queue was long' }],
      [cy, { orderId: cyOrder, score: 6, comment: null }],
      [cy, { score: 0, comment: 'Never again, sadly' }],
      [ada, { orderId: adaSecond, score: 10, comment: '   ' }],
    ];
    const ids: string[] = [];
    for (const [customer, body] of surveys) {
      const res = await submit(customer.token, body);
      expect(res.status).toBe(202);
      expect(Object.keys(res.body)).toEqual(['surveyId']);
      ids.push(res.body.surveyId as string);
    }
    expect(new Set(ids).size).toBe(surveys.length);

    const expected: SurveySummaryView = {
      from: since,
      to: null,
      responses: 7,
      promoters: 3,
      passives: 2,
      detractors: 2,
      nps: 14.3, // (3 - 2) / 7 = 14.29 %
      averageScore: 7.14, // 50 / 7
      scoreCounts: [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2],
      withComment: 3,
      exportedThrough: (await Promise.all(ids.map(submittedAtOf))).sort().at(-1)!,
    };
    const seen = await eventually(async () => {
      const res = await summary(`?from=${encodeURIComponent(since)}`);
      expect(res.status).toBe(200);
      return res.body.responses === 7 ? (res.body as SurveySummaryView) : undefined;
    });
    expect(seen).toEqual(expected);

    // On the analytics side as submitted: comments trimmed, blank ones none at all.
    expect(
      (await exportedSurveys(stack.infra.db, ids)).map((r) => [r.customerId, r.orderId, r.score, r.comment]),
    ).toEqual([
      [ada.id, adaFirst, 10, 'Smooth checkout, great seats.'],
      [ada.id, null, 9, null],
      [bob.id, bobOrder, 8, null],
      [bob.id, null, 7, 'Fine, queue was long'],
      [cy.id, cyOrder, 6, null],
      [cy.id, null, 0, 'Never again, sadly'],
      [ada.id, adaSecond, 10, null],
    ]);

    // The whole store counts them too; a period that ends before them does not.
    const all = await summary();
    expect(all.body.responses).toBeGreaterThanOrEqual(7);
    const before = await summary(`?to=${encodeURIComponent(new Date(Date.parse(since) - 1).toISOString())}`);
    expect(before.status).toBe(200);
    expect(before.body.responses).toBe(all.body.responses - 7);

    // Nothing of them on the customer side: no table of the read models changed, none is about surveys.
    expect(await snapshotTables(stack.infra.db, CUSTOMER_FACING_TABLES)).toEqual(customerSide);
    const surveyTables = await stack.infra.db.$queryRaw<Array<{ table_name: string }>>`
      SELECT table_name FROM information_schema.tables
       WHERE table_schema <> 'analytics' AND table_name ILIKE '%survey%'`;
    expect(surveyTables).toEqual([]);
    // Nor in the API's logs.
    expect(stack.logs.join('\n')).not.toContain('Never again');
  });

  it('keeps one survey per order: the same one again is the same survey, a different one is 409', async () => {
    const dee = await signUp('Dee');
    const [orderId, twiceAtOnce, racedFor] = [await orderOf(dee), await orderOf(dee), await orderOf(dee)];
    const first = await submit(dee.token, { orderId, score: 9, comment: 'Lovely' });
    expect(first.status).toBe(202);
    const before = await written();

    const retry = await submit(dee.token, { orderId, score: 9, comment: ' Lovely ' });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    const other = await submit(dee.token, { orderId, score: 2 });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('survey_already_submitted');
    // The order id in upper case is the same order.
    const shouted = await submit(dee.token, { orderId: orderId.toUpperCase(), score: 2 });
    expect(shouted.status).toBe(409);
    const shoutedRetry = await submit(dee.token, { orderId: orderId.toUpperCase(), score: 9, comment: 'Lovely' });
    expect(shoutedRetry.body).toEqual(first.body);
    expect(await written()).toEqual(before);

    // Sent at the same moment for a new order: the same survey twice is one survey ...
    const same = await Promise.all([1, 2].map(() => submit(dee.token, { orderId: twiceAtOnce, score: 7 })));
    expect(same.map((r) => r.status)).toEqual([202, 202]);
    expect(same[0].body).toEqual(same[1].body);
    // ... and two different surveys are one survey and one 409.
    const raced = await Promise.all([3, 4].map((score) => submit(dee.token, { orderId: racedFor, score })));
    expect(raced.map((r) => r.status).sort()).toEqual([202, 409]);
    expect((await written()).events).toBe(before.events + 2);
    expect((await exportedSurveys(stack.infra.db, [first.body.surveyId])).map((r) => r.score)).toEqual([9]);
  });

  it('makes an Idempotency-Key name a survey without an order; without one, each request is a survey', async () => {
    const eve = await signUp('Eve');
    const key = `survey-${randomUUID()}`;
    const first = await submit(eve.token, { score: 5 }, { 'Idempotency-Key': key });
    expect(first.status).toBe(202);
    const before = await written();
    const retry = await submit(eve.token, { score: 5 }, { 'Idempotency-Key': key });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    const reused = await submit(eve.token, { score: 6 }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await written()).toMatchObject({ events: before.events });

    const [a, b] = [await submit(eve.token, { score: 5 }), await submit(eve.token, { score: 5 })];
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.surveyId).not.toBe(b.body.surveyId);
    expect((await written()).events).toBe(before.events + 2);
  });

  it('refuses bad surveys with a clear 4xx and writes nothing', async () => {
    const [fay, gus] = [await signUp('Fay'), await signUp('Gus')];
    const [faysOrder, gusOrder] = [await orderOf(fay), await orderOf(gus)];
    const cases: Array<{
      what: string;
      token?: string;
      body: unknown;
      headers?: Record<string, string>;
      status: number;
      code: string;
    }> = [
      { what: 'score 11', body: { score: 11 }, status: 400, code: 'validation_failed' },
      { what: 'score -1', body: { score: -1 }, status: 400, code: 'validation_failed' },
      { what: 'score 7.5', body: { score: 7.5 }, status: 400, code: 'validation_failed' },
      { what: 'score as text', body: { score: '9' }, status: 400, code: 'validation_failed' },
      { what: 'score null', body: { score: null }, status: 400, code: 'validation_failed' },
      { what: 'no score', body: { comment: 'no score here' }, status: 400, code: 'validation_failed' },
      {
        what: 'oversize comment',
        body: { score: 5, comment: 'x'.repeat(2001) },
        status: 400,
        code: 'validation_failed',
      },
      { what: 'comment not text', body: { score: 5, comment: 42 }, status: 400, code: 'validation_failed' },
      { what: 'unknown field', body: { score: 5, rating: 5 }, status: 400, code: 'validation_failed' },
      { what: 'orderId not a uuid', body: { score: 5, orderId: 'order-1' }, status: 400, code: 'validation_failed' },
      { what: 'no body', body: undefined, status: 400, code: 'validation_failed' },
      { what: 'an array', body: [{ score: 5 }], status: 400, code: 'validation_failed' },
      { what: 'NUL in comment', body: { score: 5, comment: 'a\u0000b' }, status: 400, code: 'validation_failed' },
      {
        what: 'bad Idempotency-Key',
        body: { score: 5 },
        headers: { 'Idempotency-Key': 'k'.repeat(256) },
        status: 400,
        code: 'validation_failed',
      },
      { what: "someone else's order", body: { score: 5, orderId: gusOrder }, status: 404, code: 'order_not_found' },
      { what: 'unknown order', body: { score: 5, orderId: randomUUID() }, status: 404, code: 'order_not_found' },
      {
        what: 'no token',
        token: '',
        body: { score: 5, orderId: faysOrder },
        status: 401,
        code: 'authentication_required',
      },
    ];
    const before = await written();
    const answers = [];
    for (const c of cases) {
      const res = await submit(c.token === '' ? undefined : (c.token ?? fay.token), c.body, c.headers);
      answers.push({ what: c.what, status: res.status, code: res.body?.code });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(answers).toEqual(cases.map((c) => ({ what: c.what, status: c.status, code: c.code })));
    expect(await written()).toEqual(before);

    // The longest comment allowed, and the edges of the score range, are fine.
    for (const body of [{ score: 0 }, { score: 10, comment: 'y'.repeat(2000) }]) {
      expect((await submit(fay.token, body)).status).toBe(202);
    }
  });

  it('shows the summary to admins only, and refuses malformed periods', async () => {
    const customer = await signUp('Hal');
    const staff = await signUp('Ivy');
    const promoted = await stack.http('PUT', `/admin/users/${staff.id}/role`, {
      token: admin,
      body: { role: 'staff' },
    });
    expect(promoted.status).toBeLessThan(300);
    const before = await written();

    const refusals = [
      { what: 'customer', res: await summary('', customer.token), status: 403, code: 'role_required' },
      { what: 'staff', res: await summary('', staff.token), status: 403, code: 'role_required' },
      {
        what: 'no token',
        res: await stack.http('GET', '/admin/analytics/surveys/summary'),
        status: 401,
        code: 'authentication_required',
      },
      {
        what: 'from after to',
        res: await summary('?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z'),
        status: 400,
        code: 'validation_failed',
      },
      { what: 'from not a date', res: await summary('?from=yesterday'), status: 400, code: 'validation_failed' },
      {
        what: 'to without a zone',
        res: await summary('?to=2027-03-01T00:00:00'),
        status: 400,
        code: 'validation_failed',
      },
      {
        what: 'unknown parameter',
        res: await summary('?since=2027-03-01T00:00:00Z'),
        status: 400,
        code: 'validation_failed',
      },
      {
        what: 'repeated from',
        res: await summary('?from=2027-03-01T00:00:00Z&from=2027-03-02T00:00:00Z'),
        status: 400,
        code: 'validation_failed',
      },
    ];
    expect(refusals.map((r) => ({ what: r.what, status: r.res.status, code: r.res.body?.code }))).toEqual(
      refusals.map((r) => ({ what: r.what, status: r.status, code: r.code })),
    );

    // A period of one instant is allowed; a period long past has no responses: nulls, not zeros.
    const same = await summary('?from=2027-03-01T00:00:00Z&to=2027-03-01T00:00:00Z');
    expect(same.status).toBe(200);
    const empty = await summary('?from=1990-01-01T00:00:00Z&to=1990-12-31T23:59:59Z');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      from: '1990-01-01T00:00:00.000Z',
      to: '1990-12-31T23:59:59.000Z',
      responses: 0,
      nps: null,
      averageScore: null,
      scoreCounts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      withComment: 0,
    });
    expect(await written()).toEqual(before);
  });

  it('documents both endpoints in OpenAPI, with the validated survey body', async () => {
    const { body: doc } = await stack.http('GET', '/docs-json');
    const post = doc.paths['/surveys'].post;
    const schema = post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['score']);
    expect(schema.properties.score).toMatchObject({ type: 'integer', minimum: 0, maximum: 10 });
    expect(schema.properties.comment).toMatchObject({ maxLength: 2000 });
    expect(Object.keys(post.responses).sort()).toEqual(['202', '400', '401', '404', '409', '422']);
    const get = doc.paths['/admin/analytics/surveys/summary'].get;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(get.responses['200'].content['application/json'].example).toMatchObject({ nps: 14.3 });
  });
});
