import { startMailSink } from './server';

// Run with `node dist/src/dev/mail-sink/main.js`; MAIL_SINK_PORT and MAIL_SINK_HOST override the defaults.
async function main(): Promise<void> {
  const rawPort = process.env.MAIL_SINK_PORT || '8025';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`MAIL_SINK_PORT must be a port number, got "${rawPort}"`);
  }
  const host = process.env.MAIL_SINK_HOST || '127.0.0.1';
  const sink = await startMailSink({ port, host });
  process.stdout.write(`Mail sink listening on ${sink.url} (inbox at ${sink.url}/, API at ${sink.url}/api/messages)\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`Mail sink stopping (${signal})\n`);
    sink.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Mail sink failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
