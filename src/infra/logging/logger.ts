import pino, { type Logger } from 'pino';

// Fields that may carry secrets are censored wherever they appear in a log line.
const REDACT = [
  'password',
  'newPassword',
  'token',
  'accessToken',
  'authorization',
  'apiKey',
  'secret',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.apiKey',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-cart-token"]',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'boxoffice' },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
