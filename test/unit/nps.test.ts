import { roundedRatio, scoreCategory, summarizeScores } from '../../src/domain/surveys/nps';

/** Counts per score (index = score) from a list of answers. */
const countsOf = (...scores: number[]): number[] => {
  const counts = Array.from({ length: 11 }, () => 0);
  for (const s of scores) counts[s] += 1;
  return counts;
};

describe('NPS and the survey summary', () => {
  it('puts 0-6 with the detractors, 7-8 with the passives and 9-10 with the promoters', () => {
    expect([0, 6, 7, 8, 9, 10].map(scoreCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('counts each boundary score in its own group', () => {
    const summary = summarizeScores(countsOf(6, 7, 8, 9), 0);
    expect(summary).toMatchObject({ responses: 4, detractors: 1, passives: 2, promoters: 1, nps: 0 });
  });

  it('answers nulls (not 0 or NaN) with no responses at all', () => {
    expect(summarizeScores(countsOf(), 0)).toEqual({
      responses: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      averageScore: null,
      scoreCounts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      withComment: 0,
    });
  });

  it('reaches 100 with promoters only, -100 with detractors only, and 0 with passives only', () => {
    expect(summarizeScores(countsOf(9, 10, 10), 0).nps).toBe(100);
    expect(summarizeScores(countsOf(0, 3, 6), 0).nps).toBe(-100);
    expect(summarizeScores(countsOf(7, 8), 0).nps).toBe(0);
  });

  it('rounds NPS to one decimal and the average to two, half away from zero', () => {
    // 3 promoters, 2 passives, 2 detractors of 7: 100/7 = 14.2857…; average 50/7 = 7.142857…
    const summary = summarizeScores(countsOf(10, 10, 9, 8, 7, 6, 0), 3);
    expect(summary).toEqual({
      responses: 7,
      promoters: 3,
      passives: 2,
      detractors: 2,
      nps: 14.3,
      averageScore: 7.14,
      scoreCounts: [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2],
      withComment: 3,
    });
    // -1/8 = -12.5 exactly: half away from zero stays -12.5; -1/16 = -6.25 → -6.3; 1/16 → 6.3.
    expect(summarizeScores(countsOf(9, 0, 0, 7, 7, 7, 7, 7), 0).nps).toBe(-12.5);
    expect(roundedRatio(-100, 16, 1)).toBe(-6.3);
    expect(roundedRatio(100, 16, 1)).toBe(6.3);
    // 2/3 of a point below zero rounds to -0.7, and a tiny negative share rounds to a plain 0.
    expect(roundedRatio(-2, 3, 1)).toBe(-0.7);
    expect(Object.is(roundedRatio(-1, 1000, 1), 0)).toBe(true);
  });

  it('keeps exact figures for large counts, where summing floats would drift', () => {
    // A third each of promoters, passives and detractors, in millions: NPS exactly 0, average exactly 7.
    const counts = Array.from({ length: 11 }, () => 0);
    counts[10] = 3_000_000;
    counts[7] = 3_000_000;
    counts[4] = 3_000_000;
    const summary = summarizeScores(counts, 1);
    expect(summary).toMatchObject({ responses: 9_000_000, nps: 0, averageScore: 7 });
    // 0.1 + 0.2-style drift would show as 33.33…4; the integer path gives one decimal exactly.
    expect(summarizeScores(countsOf(10, 8, 8), 0).nps).toBe(33.3);
    expect(summarizeScores(countsOf(10, 10, 8), 0).nps).toBe(66.7);
  });

  it('refuses counts that are not eleven whole, non-negative numbers', () => {
    expect(() => summarizeScores([1, 2, 3], 0)).toThrow();
    expect(() => summarizeScores([...countsOf(5).slice(0, 10), 0.5], 0)).toThrow();
    expect(() => summarizeScores([...countsOf(5).slice(0, 10), -1], 0)).toThrow();
    expect(() => summarizeScores(countsOf(5), 2)).toThrow('more responses with a comment');
  });

  it('does not keep a reference to the counts it was given', () => {
    const counts = countsOf(9);
    const summary = summarizeScores(counts, 0);
    counts[9] = 5;
    expect(summary.scoreCounts[9]).toBe(1);
  });
});
