export default async function globalTeardown(): Promise<void> {
  globalThis.__STRIPE_MOCK__?.kill('SIGTERM');
  await globalThis.__TEMPORAL_ENV__?.teardown();
}
