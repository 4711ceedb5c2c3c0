import { z } from 'zod';
import { parseDuration } from './duration';

/** Exit code of a process whose environment is invalid (sysexits EX_CONFIG); the supervisor does not restart it. */
export const EXIT_CONFIG = 78;

/** Ends a process that could not start: a configuration error exits with EXIT_CONFIG, anything else with 1. */
export function exitOnStartupError(err: unknown): never {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? EXIT_CONFIG : 1);
}

/** Raised at start-up when an environment variable is missing or malformed; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 15m or 1h, got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

/** A list of durations ("1d,3d,7d"): the waits of a retry schedule. */
const durations = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const parts = text.split(',').map((part) => part.trim());
      const ms = parts.map(parseDuration);
      if (text.trim() === '' || ms.some((v) => v === undefined || v <= 0)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected durations separated by commas like 1d,3d,7d, got "${text}"`,
        });
        return z.NEVER;
      }
      return ms as number[];
    });

/** A tax rate as a decimal fraction ("0.19"), kept as whole basis points (1900). */
const taxRate = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const match = /^(0|1)(?:\.(\d{1,4}))?$/.exec(text.trim());
      const bps = match ? Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0')) : NaN;
      if (!match || bps > 10_000) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a rate from 0 to 1 with at most 4 decimals like 0.19, got "${text}"`,
        });
        return z.NEVER;
      }
      return bps;
    });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const url = (fallback: string) => z.url().default(fallback);
const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

// Local defaults make `npm start` work with no .env; production refuses them (see superRefine below).
const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production-0001';
const DEV_TICKET_CODE_SECRET = 'dev-only-ticket-code-secret-change-me-in-production';
const DEV_STRIPE_WEBHOOK_SECRET = 'whsec_dev_only_local_webhook_secret';

const fields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  APP_BASE_URL: url('http://localhost:3000'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),

  DATABASE_URL: z
    .string()
    .default('postgresql://postgres@127.0.0.1:5432/boxoffice')
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'expected a postgresql:// URL'),

  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('boxoffice'),
  TEMPORAL_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  TEMPORAL_API_KEY: optionalSecret,
  TEMPORAL_UI_URL: url('http://localhost:8233'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
  JWT_TTL: duration('1h'),

  PASSWORD_RESET_TTL: duration('30m'),
  RATE_LIMIT_WINDOW: duration('15m'),
  RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: positiveInt(3),
  RATE_LIMIT_PASSWORD_RESET_PER_CLIENT: positiveInt(20),
  RATE_LIMIT_LOGIN_PER_EMAIL: positiveInt(10),
  RATE_LIMIT_AUTH_PER_CLIENT: positiveInt(100),

  CART_MAX_QUANTITY_PER_LINE: positiveInt(10),

  HOLD_TTL: duration('15m'),
  TICKET_CODE_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_TICKET_CODE_SECRET),
  COURIER_DELIVERY_DELAY: duration('2m'),

  BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: optionalSecret,

  STRIPE_SECRET_KEY: optionalSecret,
  STRIPE_WEBHOOK_SECRET: z.string().min(1).default(DEV_STRIPE_WEBHOOK_SECRET),
  STRIPE_MOCK_URL: url('http://127.0.0.1:12111'),

  BILLING_TAX_RATE: taxRate('0.19'),
  DUNNING_SCHEDULE: durations('1d,3d,7d'),
  BILLING_SELLER_NAME: z.string().trim().min(1).default('Boxoffice GmbH'),
  BILLING_SELLER_ADDRESS: z.string().trim().min(1).default('Musterstrasse 1, 10115 Berlin, Germany'),

  SURVEY_EXPORT_INTERVAL: duration('2s'),
  SUPPORT_CONTRACT_SYNC_INTERVAL: duration('1m'),

  SENDGRID_API_KEY: optionalSecret,
  MAIL_SINK_URL: url('http://127.0.0.1:8025'),
  MAIL_FROM: z.email().default('no-reply@boxoffice.local'),
  MAIL_FROM_NAME: z.string().default('Boxoffice'),
});

/** Every environment variable the API and worker read. */
export const CONFIG_VARIABLES = Object.keys(fields.shape);

const schema = fields
  .superRefine((cfg, ctx) => {
    if (cfg.NODE_ENV !== 'production') return;
    if (cfg.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set in production' });
    }
    if (cfg.TICKET_CODE_SECRET === DEV_TICKET_CODE_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TICKET_CODE_SECRET'], message: 'must be set in production' });
    }
    if (cfg.STRIPE_WEBHOOK_SECRET === DEV_STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'must be set in production' });
    }
    for (const name of ['STRIPE_SECRET_KEY', 'SENDGRID_API_KEY'] as const) {
      if (!cfg[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'must be set in production' });
    }
  })
  .superRefine((cfg, ctx) => {
    if (Boolean(cfg.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(cfg.BOOTSTRAP_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOOTSTRAP_ADMIN_PASSWORD'],
        message: 'BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together',
      });
    }
  });

type Env = z.output<typeof schema>;

export interface Config {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  http: { port: number; baseUrl: string; trustProxy: boolean };
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    apiKey?: string;
    uiUrl: string;
  };
  auth: { jwtSecret: string; jwtTtlMs: number };
  passwordReset: { ttlMs: number };
  rateLimits: {
    windowMs: number;
    resetPerEmail: number;
    resetPerClient: number;
    loginPerEmail: number;
    /** Logins and registrations per client address: each costs a slow password hash. */
    authPerClient: number;
  };
  carts: { maxQuantityPerLine: number };
  checkout: { holdTtlMs: number };
  tickets: { codeSecret: string; courierDeliveryDelayMs: number };
  bootstrapAdmin?: { email: string; password: string };
  stripe: { secretKey?: string; webhookSecret: string; mockUrl: string };
  mail: { sendgridApiKey?: string; sinkUrl: string; from: string; fromName: string };
  billing: {
    /** Tax on subscription invoices, in basis points (1900 = 19 %). */
    taxRateBps: number;
    /** Waits before each retry of a failed subscription charge. */
    dunningScheduleMs: number[];
    /** Who issues the invoices (printed on them). `address` is printed as given; commas may separate its lines. */
    seller: { name: string; address: string };
  };
  /** How often the worker's survey consumer looks for new surveys when it has caught up. */
  surveys: { exportIntervalMs: number };
  /** How often the customer-side copy of the support-contract catalog is brought up to date. */
  supportContracts: { syncIntervalMs: number };
}

/** Only the database URL, for tools (migrations, rebuild) that need nothing else. */
export function loadDatabaseUrl(source: NodeJS.ProcessEnv = process.env): string {
  const parsed = fields.pick({ DATABASE_URL: true }).safeParse(source);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `DATABASE_URL: ${i.message}`));
  return parsed.data.DATABASE_URL;
}

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: { port: e.PORT, baseUrl: e.APP_BASE_URL.replace(/\/$/, ''), trustProxy: e.TRUST_PROXY },
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS,
      apiKey: e.TEMPORAL_API_KEY,
      uiUrl: e.TEMPORAL_UI_URL,
    },
    auth: { jwtSecret: e.JWT_SECRET, jwtTtlMs: e.JWT_TTL },
    passwordReset: { ttlMs: e.PASSWORD_RESET_TTL },
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW,
      resetPerEmail: e.RATE_LIMIT_PASSWORD_RESET_PER_EMAIL,
      resetPerClient: e.RATE_LIMIT_PASSWORD_RESET_PER_CLIENT,
      loginPerEmail: e.RATE_LIMIT_LOGIN_PER_EMAIL,
      authPerClient: e.RATE_LIMIT_AUTH_PER_CLIENT,
    },
    carts: { maxQuantityPerLine: e.CART_MAX_QUANTITY_PER_LINE },
    checkout: { holdTtlMs: e.HOLD_TTL },
    tickets: { codeSecret: e.TICKET_CODE_SECRET, courierDeliveryDelayMs: e.COURIER_DELIVERY_DELAY },
    bootstrapAdmin:
      e.BOOTSTRAP_ADMIN_EMAIL && e.BOOTSTRAP_ADMIN_PASSWORD
        ? { email: e.BOOTSTRAP_ADMIN_EMAIL, password: e.BOOTSTRAP_ADMIN_PASSWORD }
        : undefined,
    stripe: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, mockUrl: e.STRIPE_MOCK_URL },
    mail: {
      sendgridApiKey: e.SENDGRID_API_KEY,
      sinkUrl: e.MAIL_SINK_URL.replace(/\/$/, ''),
      from: e.MAIL_FROM,
      fromName: e.MAIL_FROM_NAME,
    },
    billing: {
      taxRateBps: e.BILLING_TAX_RATE,
      dunningScheduleMs: e.DUNNING_SCHEDULE,
      seller: { name: e.BILLING_SELLER_NAME, address: e.BILLING_SELLER_ADDRESS },
    },
    surveys: { exportIntervalMs: e.SURVEY_EXPORT_INTERVAL },
    supportContracts: { syncIntervalMs: e.SUPPORT_CONTRACT_SYNC_INTERVAL },
  };
}
