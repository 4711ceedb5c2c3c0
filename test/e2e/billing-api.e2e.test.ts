import { randomUUID } from 'node:crypto';
import { createBillingActivities } from '../../src/activities/billing';
import { billingAccountStreamId } from '../../src/domain/billing/billing-account-events';
import { startApiStack, type ApiTestStack, type HttpResult } from '../support/api-stack';
import { pdfText } from '../support/billing';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'admin-password-1' };
const PASSWORD = 'good-password-1';

interface User {
  id: string;
  token: string;
}

describe('billing API over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let planId: string;
  let activities: ReturnType<typeof createBillingActivities>;

  const signUp = async (): Promise<User> => {
    const email = `user-${randomUUID()}@example.test`;
    const res = await stack.http('POST', '/auth/register', { body: { email, password: PASSWORD, name: 'User' } });
    expect(res.status).toBe(201);
    const login = await stack.http('POST', '/auth/login', { body: { email, password: PASSWORD } });
    return { id: res.body.id, token: login.body.accessToken };
  };
  /** An account with an owner, a staff member, and an outsider who belongs to another account. */
  const team = async () => {
    const [owner, staff, outsider] = [await signUp(), await signUp(), await signUp()];
    const account = await stack.http('POST', '/accounts', { token: owner.token, body: { name: 'Blue Note', planId } });
    expect(account.status).toBe(201);
    const added = await stack.http('POST', `/accounts/${account.body.id}/members`, {
      token: owner.token,
      body: { userId: staff.id, role: 'staff' },
    });
    expect(added.status).toBe(201);
    return { accountId: account.body.id as string, owner, staff, outsider };
  };
  const expectProblem = (res: HttpResult, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    if (code) expect(res.body.code).toBe(code);
  };
  const billingEvents = async (accountId: string) =>
    (await stack.infra.eventStore.readStream(billingAccountStreamId(accountId))).map((e) => e.type);
  const getPdf = (path: string, token: string) =>
    fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    stack = await startApiStack({ BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken;
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: { name: 'Club', monthlyPrice: 4900, currency: 'EUR', userLimit: 5, totalSeats: 1000 },
    });
    expect(plan.status).toBe(201);
    planId = plan.body.id;
    activities = createBillingActivities(stack.infra);
  });
  afterAll(() => stack?.stop());

  it('puts a payment method on file for owners; members see brand and last4; a rejected id stores nothing', async () => {
    const { accountId, owner, staff, outsider } = await team();
    const fresh = await stack.http('GET', `/accounts/${accountId}/billing`, { token: staff.token });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ accountId, status: 'active', paymentMethod: null });

    // A rejected method on an account with none: nothing at all is recorded.
    const rejected = await stack.http('PUT', `/accounts/${accountId}/payment-method`, {
      token: owner.token,
      body: { paymentMethodId: 'pm_does_not_exist' },
    });
    expectProblem(rejected, 422, 'payment_method_rejected');
    expect(await billingEvents(accountId)).toEqual([]);

    const put = await stack.http('PUT', `/accounts/${accountId}/payment-method`, {
      token: owner.token,
      body: { paymentMethodId: 'pm_card_mastercard' },
    });
    expect(put.status).toBe(200);
    expect(put.body.paymentMethod).toEqual({ brand: 'mastercard', last4: '4444' });

    expectProblem(
      await stack.http('PUT', `/accounts/${accountId}/payment-method`, {
        token: staff.token,
        body: { paymentMethodId: 'pm_card_visa' },
      }),
      403,
      'owner_required',
    );
    expectProblem(
      await stack.http('PUT', `/accounts/${accountId}/payment-method`, {
        token: outsider.token,
        body: { paymentMethodId: 'pm_card_visa' },
      }),
      404,
    );
    expectProblem(
      await stack.http('PUT', `/accounts/${accountId}/payment-method`, { token: owner.token, body: { pm: 'x' } }),
      400,
    );
    // Rejected again, now with one on file: the one on file stays.
    expectProblem(
      await stack.http('PUT', `/accounts/${accountId}/payment-method`, {
        token: owner.token,
        body: { paymentMethodId: 'card_4242' },
      }),
      422,
      'payment_method_rejected',
    );
    const after = await stack.http('GET', `/accounts/${accountId}/billing`, { token: staff.token });
    expect(after.body.paymentMethod).toEqual({ brand: 'mastercard', last4: '4444' });
    expect(await billingEvents(accountId)).toEqual(['PaymentMethodAttached']);
    expectProblem(await stack.http('GET', `/accounts/${accountId}/billing`, { token: outsider.token }), 404);
  });

  it('grants credits and records refunds owed (admins only), refusing bad amounts and other currencies', async () => {
    const { accountId, owner, staff } = await team();
    const credit = (body: unknown, token = admin, id = accountId) =>
      stack.http('POST', `/admin/accounts/${id}/credits`, { token, body });

    const granted = await credit({ amount: 1500, currency: 'EUR', reason: 'Outage on 3 November' });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ accountId, kind: 'credit', amount: 1500, currency: 'EUR' });
    const owed = await stack.http('POST', `/admin/accounts/${accountId}/refunds`, {
      token: admin,
      body: { amount: 500, currency: 'EUR', reason: 'Double charge' },
    });
    expect(owed.status).toBe(201);
    expect(owed.body).toMatchObject({ kind: 'refund', amount: 500 });

    const before = await billingEvents(accountId);
    expectProblem(await credit({ amount: 0, currency: 'EUR', reason: 'x' }), 422, 'invalid_amount');
    expectProblem(await credit({ amount: -100, currency: 'EUR', reason: 'x' }), 422, 'invalid_amount');
    expectProblem(await credit({ amount: 10.5, currency: 'EUR', reason: 'x' }), 422, 'invalid_amount');
    expectProblem(await credit({ amount: 100, currency: 'USD', reason: 'x' }), 422, 'currency_mismatch');
    expectProblem(await credit({ amount: 100, currency: 'EUR', reason: '   ' }), 422, 'invalid_reason');
    expectProblem(await credit({ amount: '100', currency: 'EUR', reason: 'x' }), 400);
    expectProblem(await credit({ amount: 100, currency: 'EUR', reason: 'x' }, owner.token), 403);
    expectProblem(await credit({ amount: 100, currency: 'EUR', reason: 'x' }, admin, randomUUID()), 404);
    expectProblem(
      await stack.http('POST', `/admin/accounts/${accountId}/refunds`, {
        token: admin,
        body: { amount: 0, currency: 'EUR', reason: 'x' },
      }),
      422,
      'invalid_amount',
    );
    expect(await billingEvents(accountId)).toEqual(before);

    const view = await stack.http('GET', `/accounts/${accountId}/billing`, { token: staff.token });
    expect(view.body).toMatchObject({
      status: 'active',
      plan: { planId, planName: 'Club', monthlyPrice: 4900, currency: 'EUR' },
      nextPeriod: { plan: { planId } },
      creditBalance: { credits: 1500, refundsOwed: 500, total: 2000, currency: 'EUR' },
    });
    expect(view.body.nextPeriod.period).toMatch(/^\d{4}-\d{2}$/);
  });

  it('shows invoices, their lines and PDF to members only', async () => {
    const { accountId, owner, staff, outsider } = await team();
    const other = await team();
    await stack.http('POST', `/admin/accounts/${accountId}/credits`, {
      token: admin,
      body: { amount: 1000, currency: 'EUR', reason: 'Welcome' },
    });
    const period = new Date().toISOString().slice(0, 7);
    const { invoiceId, number } = await activities.finalizeInvoice({ accountId, period });
    const foreign = await activities.finalizeInvoice({ accountId: other.accountId, period });

    const base = `/accounts/${accountId}/invoices`;
    expectProblem(
      await stack.http('GET', `${base}/${invoiceId}/pdf`, { token: owner.token }),
      404,
      'invoice_pdf_not_ready',
    );
    await activities.renderInvoicePdf({ invoiceId });

    const list = await stack.http('GET', base, { token: staff.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: invoiceId,
        number,
        period,
        subtotal: 3900,
        tax: 741,
        total: 4641,
        currency: 'EUR',
        paymentStatus: 'issued',
        pdfAvailable: true,
        emailed: false,
      }),
    ]);
    const detail = await stack.http('GET', `${base}/${invoiceId}`, { token: staff.token });
    expect(detail.status).toBe(200);
    expect(detail.body.lines).toEqual([
      { kind: 'plan', description: expect.stringContaining('Club plan'), amount: 4900 },
      { kind: 'credit', description: 'Credit: Welcome', amount: -1000 },
      { kind: 'tax', description: 'Tax 19%', amount: 741 },
    ]);
    const billing = await stack.http('GET', `/accounts/${accountId}/billing`, { token: staff.token });
    expect(billing.body.creditBalance.total).toBe(0);

    const pdf = await getPdf(`${base}/${invoiceId}/pdf`, staff.token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain(number);
    expect(text).toContain('Credit: Welcome');
    expect(text).toContain('€46.41');

    // Outsiders see nothing; an invoice of another account is not found under this one.
    expectProblem(await stack.http('GET', base, { token: outsider.token }), 404);
    expectProblem(await stack.http('GET', `${base}/${invoiceId}`, { token: outsider.token }), 404);
    expect((await getPdf(`${base}/${invoiceId}/pdf`, outsider.token)).status).toBe(404);
    expectProblem(
      await stack.http('GET', `${base}/${foreign.invoiceId}`, { token: owner.token }),
      404,
      'invoice_not_found',
    );
    expect((await getPdf(`${base}/${foreign.invoiceId}/pdf`, owner.token)).status).toBe(404);
    expectProblem(await stack.http('GET', `${base}/not-a-uuid`, { token: owner.token }), 400);
  });
});
