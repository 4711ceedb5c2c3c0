import { MAX_SCORE, MIN_SCORE } from './survey-decisions';

// Net Promoter Score from the count of answers per score: promoters answer 9-10, passives 7-8,
// detractors 0-6; NPS = % promoters - % detractors, from -100 to 100. Everything is counted in
// integers and divided once at the end, so no float drift creeps into the counts.

export const SCORE_BUCKETS = MAX_SCORE - MIN_SCORE + 1;

export interface SurveyScoreSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** One decimal (half away from zero); null without responses. */
  nps: number | null;
  /** Two decimals (half away from zero); null without responses. */
  averageScore: number | null;
  /** How many answered each score, index = score (0..10). */
  scoreCounts: number[];
  withComment: number;
}

export const scoreCategory = (score: number): 'promoter' | 'passive' | 'detractor' =>
  score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';

export function summarizeScores(scoreCounts: readonly number[], withComment: number): SurveyScoreSummary {
  if (scoreCounts.length !== SCORE_BUCKETS || ![...scoreCounts, withComment].every(isCount)) {
    throw new Error(`summarizeScores needs ${SCORE_BUCKETS} whole, non-negative counts`);
  }
  let responses = 0;
  let scoreSum = 0;
  const by = { promoter: 0, passive: 0, detractor: 0 };
  scoreCounts.forEach((count, score) => {
    responses += count;
    scoreSum += count * score;
    by[scoreCategory(score)] += count;
  });
  if (withComment > responses) throw new Error('more responses with a comment than responses');
  return {
    responses,
    promoters: by.promoter,
    passives: by.passive,
    detractors: by.detractor,
    nps: responses === 0 ? null : roundedRatio(100 * (by.promoter - by.detractor), responses, 1),
    averageScore: responses === 0 ? null : roundedRatio(scoreSum, responses, 2),
    scoreCounts: [...scoreCounts],
    withComment,
  };
}

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** numerator / denominator (whole numbers, denominator > 0) to `decimals` places, half away from zero, exactly. */
export function roundedRatio(numerator: number, denominator: number, decimals: number): number {
  const scale = 10 ** decimals;
  const scaled = BigInt(Math.abs(numerator)) * BigInt(scale);
  const d = BigInt(denominator);
  const units = Number((2n * scaled + d) / (2n * d));
  const value = units / scale;
  return numerator < 0 && units !== 0 ? -value : value;
}
