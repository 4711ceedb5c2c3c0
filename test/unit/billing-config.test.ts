import { ConfigError, loadConfig } from '../../src/config/config';

const DAY = 86_400_000;

describe('billing configuration', () => {
  it('defaults to 19 % tax and a 1d,3d,7d dunning schedule', () => {
    const { billing } = loadConfig({});
    expect(billing.taxRateBps).toBe(1900);
    expect(billing.dunningScheduleMs).toEqual([DAY, 3 * DAY, 7 * DAY]);
    expect(billing.seller.name).toBeTruthy();
  });

  it.each([
    ['0.19', 1900],
    ['0.075', 750],
    ['0', 0],
    ['1', 10_000],
    ['0.1234', 1234],
  ])('reads BILLING_TAX_RATE %s as %i basis points', (rate, bps) => {
    expect(loadConfig({ BILLING_TAX_RATE: rate }).billing.taxRateBps).toBe(bps);
  });

  it.each(['19', '0.12345', '-0.1', '1.5', 'abc', ''])('refuses BILLING_TAX_RATE "%s"', (rate) => {
    expect(() => loadConfig({ BILLING_TAX_RATE: rate })).toThrow(ConfigError);
  });

  it('reads DUNNING_SCHEDULE as waits and refuses malformed ones', () => {
    expect(loadConfig({ DUNNING_SCHEDULE: '2s, 5s' }).billing.dunningScheduleMs).toEqual([2000, 5000]);
    for (const bad of ['', '1d,,3d', '0s', 'soon']) {
      expect(() => loadConfig({ DUNNING_SCHEDULE: bad })).toThrow(/DUNNING_SCHEDULE/);
    }
  });

  it('takes the seller printed on invoices from the environment', () => {
    const { billing } = loadConfig({ BILLING_SELLER_NAME: 'Acme', BILLING_SELLER_ADDRESS: '1 Main St, Springfield' });
    expect(billing.seller).toEqual({ name: 'Acme', address: '1 Main St, Springfield' });
  });
});
