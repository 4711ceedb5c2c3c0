import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountCommands } from '../../src/application/accounts/account-commands';
import type { Registration } from '../../src/application/identity/registration';
import type { AccountPackage } from '../../src/domain/accounts/account-events';
import { openAccount } from '../../src/domain/accounts/account-decisions';

export const BILLING_TEST_PASSWORD = 'Correct-Horse-Battery-42';

/** Registers an owner and opens an account for them (straight on the streams); `openedAt` may lie in the past. */
export async function openBilledAccount(
  deps: { accounts: AccountCommands; registration: Registration },
  options: { monthlyPrice?: number; currency?: string; openedAt?: Date; planName?: string } = {},
): Promise<{ accountId: string; ownerId: string; ownerEmail: string; pkg: AccountPackage }> {
  const tag = randomBytes(6).toString('hex');
  const ownerEmail = `owner.${tag}@example.com`;
  const owner = await deps.registration.register({
    email: ownerEmail,
    password: BILLING_TEST_PASSWORD,
    name: `Owner ${tag}`,
  });
  const accountId = randomUUID();
  const pkg: AccountPackage = {
    planId: randomUUID(),
    planName: options.planName ?? 'Club',
    monthlyPrice: options.monthlyPrice ?? 4900,
    currency: options.currency ?? 'EUR',
    userLimit: 5,
    totalSeats: 1000,
  };
  await deps.accounts.execute(
    accountId,
    (state) =>
      openAccount(state, {
        accountId,
        name: `Promoter ${tag}`,
        package: pkg,
        ownerId: owner.id,
        now: options.openedAt ?? new Date('2026-01-15T10:00:00.000Z'),
      }),
    { operationId: `open:${accountId}` },
  );
  return { accountId, ownerId: owner.id, ownerEmail, pkg };
}

// pdf-parse (pdfjs) loads its worker with a dynamic import, which Jest's VM cannot do: extract in a
// plain Node process instead (offline, from the installed package).
const EXTRACT = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const { PDFParse } = require('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const { text } = await parser.getText();
  await parser.destroy();
  process.stdout.write(text);
});`;

/** The text of a PDF. */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', EXTRACT], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`PDF text extraction failed: ${Buffer.concat(err).toString('utf8')}`)),
    );
    child.stdin.end(pdf);
  });
}
