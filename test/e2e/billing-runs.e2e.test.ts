import { createHash, randomUUID } from 'node:crypto';
import { periodOf } from '../../src/domain/billing/period';
import { signUpOverHttp, startApiStack, type ApiTestStack } from '../support/api-stack';
import { pdfText } from '../support/billing';
import { eventually } from '../support/stack';

const ADMIN = { email: `admin-${randomUUID()}@example.test`, password: 'billing-admin-77' };

interface User {
  id: string;
  email: string;
  token: string;
}

const nextPeriod = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return periodOf(new Date(Date.UTC(y, m, 1)));
};

/**
 * Issue 5 over HTTP on the real stack: organizers with payment methods on file, a billing run started by
 * an admin, invoices with their PDFs and emails (PDF attached), a declined account suspended by dunning
 * and reactivated when its owner pays. The run bills the current month, so it also bills accounts other
 * files opened: only this file's accounts are checked, and the run is not waited for.
 */
describe('billing runs over HTTP', () => {
  let stack: ApiTestStack;
  let admin: string;
  let planId: string;
  const period = periodOf(new Date());

  beforeAll(async () => {
    stack = await startApiStack({
      DUNNING_SCHEDULE: '1s,1s',
      BILLING_TAX_RATE: '0.19',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    });
    admin = (await stack.http('POST', '/auth/login', { body: ADMIN })).body.accessToken as string;
    const plan = await stack.http('POST', '/plans', {
      token: admin,
      body: {
        name: `Billing ${randomUUID().slice(0, 8)}`,
        monthlyPrice: 2900,
        currency: 'EUR',
        userLimit: 3,
        totalSeats: 50,
      },
    });
    expect(plan.status).toBe(201);
    planId = plan.body.id as string;
  });
  afterAll(async () => {
    // The run bills other files' accounts too and may still be busy: leave no run behind on this file's
    // task queue (its worker stops here), or a later POST for this month would answer that stale run.
    const run = stack?.temporal.workflow.getHandle(`billing-run-${period}`);
    if (run && (await run.describe().catch(() => undefined))?.status.name === 'RUNNING')
      await run.terminate('test over');
    await stack?.stop();
  });

  const signUp = (label: string): Promise<User> => signUpOverHttp(stack, label);

  const organizer = async (label: string, paymentMethodId: string) => {
    const owner = await signUp(label);
    const account = await stack.http('POST', '/accounts', {
      token: owner.token,
      body: { name: `${label} Live`, planId },
    });
    expect(account.status).toBe(201);
    const accountId = account.body.id as string;
    const pm = await stack.http('PUT', `/accounts/${accountId}/payment-method`, {
      token: owner.token,
      body: { paymentMethodId },
    });
    expect(pm.status).toBeLessThan(300);
    return { owner, accountId };
  };

  const invoicesOf = async (accountId: string, token: string) => {
    const res = await stack.http('GET', `/accounts/${accountId}/invoices`, { token });
    expect(res.status).toBe(200);
    return (res.body.items ?? res.body) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  const pdfOf = async (accountId: string, invoiceId: string, token: string) => {
    const res = await fetch(`${stack.baseUrl}/accounts/${accountId}/invoices/${invoiceId}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    return Buffer.from(await res.arrayBuffer());
  };

  it('refuses malformed and future periods, non-admins and unknown runs', async () => {
    const fan = await signUp('fan');
    expect((await stack.http('POST', '/admin/billing-runs', { token: fan.token, body: { period } })).status).toBe(403);
    expect((await stack.http('POST', '/admin/billing-runs', { body: { period } })).status).toBe(401);
    for (const bad of ['2026-13', '2026-1', 'november', '']) {
      const res = await stack.http('POST', '/admin/billing-runs', { token: admin, body: { period: bad } });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalid_period');
    }
    const notText = await stack.http('POST', '/admin/billing-runs', { token: admin, body: { period: 202611 } });
    expect(notText.status).toBe(400);
    expect(notText.body.code).toBe('validation_failed');
    const future = await stack.http('POST', '/admin/billing-runs', {
      token: admin,
      body: { period: nextPeriod(period) },
    });
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('period_in_future');
    expect((await stack.http('GET', '/admin/billing-runs/1999-01', { token: admin })).status).toBe(404);
    expect((await stack.http('GET', '/admin/billing-runs/1999-13', { token: admin })).status).toBe(400);
  });

  it('a manual run invoices, charges and emails every account; dunning suspends; paying reactivates', async () => {
    const paying = await organizer('paying', 'pm_card_visa');
    const declined = await organizer('declined', 'pm_card_chargeDeclined');
    const stranger = await signUp('stranger');

    const started = await stack.http('POST', '/admin/billing-runs', { token: admin, body: { period } });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ period, workflowId: `billing-run-${period}` });
    // Asked again while it runs: the same run.
    const again = await stack.http('POST', '/admin/billing-runs', { token: admin, body: { period } });
    expect(again.body).toEqual(started.body);

    // The paying account: invoiced, paid, emailed with the PDF attached.
    const invoice = await eventually(async () => {
      const [found] = await invoicesOf(paying.accountId, paying.owner.token);
      return found?.emailed && found.pdfAvailable ? found : undefined;
    }, 60_000);
    expect(invoice).toMatchObject({
      period,
      subtotal: 2900,
      tax: 551,
      total: 3451,
      currency: 'EUR',
      paymentStatus: 'paid',
    });
    const pdf = await pdfOf(paying.accountId, invoice.id as string, paying.owner.token);
    const text = await pdfText(pdf);
    expect(text).toContain(invoice.number as string);
    expect(text).toMatch(/34[.,]51/); // total: 29.00 + 19 % tax (5.51)
    expect(text).toMatch(/5[.,]51/);
    expect(text).toMatch(/29[.,]00/);

    const mails = stack.sink.messages().filter((m) => m.to.includes(paying.owner.email));
    expect(mails).toHaveLength(1);
    const attached = mails[0].attachments.find((a) => a.type === 'application/pdf');
    expect(attached).toBeDefined();
    const attachedBytes = Buffer.from(attached!.content, 'base64');
    expect(createHash('sha256').update(attachedBytes).digest('hex')).toBe(
      createHash('sha256').update(pdf).digest('hex'),
    );
    // Members only.
    expect((await stack.http('GET', `/accounts/${paying.accountId}/invoices`, { token: stranger.token })).status).toBe(
      404,
    );

    const progress = await stack.http('GET', `/admin/billing-runs/${period}`, { token: admin });
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ period, workflowId: `billing-run-${period}` });
    expect(progress.body.total).toBeGreaterThanOrEqual(2);
    expect(progress.body.invoiced).toBeGreaterThanOrEqual(1);

    // The declined account: two retries (each with a notice), then uncollectible and suspended.
    const failed = await eventually(async () => {
      const [found] = await invoicesOf(declined.accountId, declined.owner.token);
      return found?.paymentStatus === 'uncollectible' ? found : undefined;
    }, 60_000);
    const invoiceId = failed.id as string;
    const statusOf = async () =>
      (await stack.http('GET', `/accounts/${declined.accountId}/billing`, { token: declined.owner.token })).body
        .status as string;
    expect(await eventually(async () => ((await statusOf()) === 'suspended' ? 'suspended' : undefined))).toBe(
      'suspended',
    );
    const pay = (token: string, accountId = declined.accountId, id = invoiceId) =>
      stack.http('POST', `/accounts/${accountId}/invoices/${id}/pay`, { token });

    expect((await pay(stranger.token)).status).toBe(404);
    expect((await pay(declined.owner.token, declined.accountId, randomUUID())).status).toBe(404);
    const stillDeclined = await pay(declined.owner.token);
    expect(stillDeclined.status).toBe(422);
    expect(stillDeclined.body.code).toBe('payment_declined');

    const replaced = await stack.http('PUT', `/accounts/${declined.accountId}/payment-method`, {
      token: declined.owner.token,
      body: { paymentMethodId: 'pm_card_mastercard' },
    });
    expect(replaced.status).toBeLessThan(300);
    const paid = await pay(declined.owner.token);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ invoiceId, outcome: 'paid' });
    expect(await eventually(async () => ((await statusOf()) === 'active' ? 'active' : undefined))).toBe('active');
    const [settled] = await invoicesOf(declined.accountId, declined.owner.token);
    expect(settled).toMatchObject({ id: invoiceId, paymentStatus: 'paid' });
    // Paid already: nothing to pay.
    expect((await pay(declined.owner.token)).status).toBe(409);
    const paidInvoice = (await invoicesOf(paying.accountId, paying.owner.token))[0];
    const payPaid = await pay(paying.owner.token, paying.accountId, paidInvoice.id as string);
    expect(payPaid.status).toBe(409);
    expect(payPaid.body.code).toBe('invoice_not_payable');
    // Invoice email and two dunning notices, each once.
    expect(stack.sink.messages().filter((m) => m.to.includes(declined.owner.email))).toHaveLength(3);
  }, 120_000);
});
