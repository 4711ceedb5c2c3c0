import { parseDuration } from '../../src/config/duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
  ])('reads %s as %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '15', 'm', '1.5h', '-1m', '10 minutes'])('rejects %p', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});
