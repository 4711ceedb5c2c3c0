import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config/config';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

// A production deployment is configured through the environment only, so every variable the code
// reads must be documented where operators look for it.
describe('configuration documentation', () => {
  it('lists every variable in the README table and in .env.example', () => {
    const readme = read('README.md');
    const example = read('.env.example');
    expect(CONFIG_VARIABLES.filter((name) => !readme.includes(`| \`${name}\``))).toEqual([]);
    expect(CONFIG_VARIABLES.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))).toEqual([]);
  });

  it('passes every production variable to the containers in docker-compose.yml', () => {
    // The compose stack runs its own Temporal without TLS, real Stripe and real SendGrid.
    const localOnly = ['TEMPORAL_TLS', 'TEMPORAL_API_KEY', 'STRIPE_MOCK_URL', 'MAIL_SINK_URL'];
    const compose = read('docker-compose.yml');
    const missing = CONFIG_VARIABLES.filter((name) => !localOnly.includes(name) && !compose.includes(`${name}:`));
    expect(missing).toEqual([]);
    expect(CONFIG_VARIABLES).toContain('DATABASE_URL');
  });
});
