import { ConfigError, loadConfig } from '../../src/config/config';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration', () => {
  it('starts with local defaults and no environment at all', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/boxoffice');
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', tls: false });
    expect(config.http.port).toBe(3000);
    expect(config.passwordReset.ttlMs).toBe(30 * 60_000);
    expect(config.mail.sendgridApiKey).toBeUndefined();
    expect(config.stripe.secretKey).toBeUndefined();
  });

  it('reads durations, numbers and booleans', () => {
    const config = loadConfig({ PASSWORD_RESET_TTL: '5m', PORT: '8080', TEMPORAL_TLS: 'true', JWT_TTL: '2h' });
    expect(config.passwordReset.ttlMs).toBe(300_000);
    expect(config.http.port).toBe(8080);
    expect(config.temporal.tls).toBe(true);
    expect(config.auth.jwtTtlMs).toBe(7_200_000);
  });

  it('names every bad variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PASSWORD_RESET_TTL: '30 minutes',
      DATABASE_URL: 'mysql://x',
      MAIL_FROM: 'nope',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/PASSWORD_RESET_TTL: expected a duration/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/MAIL_FROM/);
    expect(problems).toHaveLength(4);
  });

  it('refuses development secrets and missing provider keys in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' }).join('\n');
    for (const name of [
      'JWT_SECRET',
      'TICKET_CODE_SECRET',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'SENDGRID_API_KEY',
    ]) {
      expect(problems).toContain(`${name}: must be set in production`);
    }
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a'.repeat(48),
      TICKET_CODE_SECRET: 'b'.repeat(48),
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      SENDGRID_API_KEY: 'SG.x',
    });
    expect(config.mail.sendgridApiKey).toBe('SG.x');
  });

  it('wants the bootstrap admin email and password together', () => {
    expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test' }).join()).toMatch(/BOOTSTRAP_ADMIN_PASSWORD/);
    expect(
      loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'a@example.test', BOOTSTRAP_ADMIN_PASSWORD: 'pw-long-enough-1' })
        .bootstrapAdmin,
    ).toEqual({
      email: 'a@example.test',
      password: 'pw-long-enough-1',
    });
  });

  it('wants the bootstrap admin email to be an email', () => {
    expect(problemsOf({ BOOTSTRAP_ADMIN_EMAIL: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'pw-long-enough-1' }).join()).toMatch(
      /BOOTSTRAP_ADMIN_EMAIL/,
    );
  });

  it('refuses short secrets', () => {
    expect(problemsOf({ JWT_SECRET: 'short' }).join()).toMatch(/JWT_SECRET: must be at least 32 characters/);
  });
});
