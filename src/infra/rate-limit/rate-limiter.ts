import type { Db } from '../db/prisma';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in Postgres, shared by every API instance. One atomic upsert per hit:
 * a new window starts when the old one is over.
 */
export class RateLimiter {
  constructor(private readonly db: Db) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const rows = await this.db.$queryRaw<Array<{ hits: number; window_started_at: Date }>>`
      INSERT INTO rate_limit_counters (key, window_started_at, hits) VALUES (${key}, now(), 1)
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN rate_limit_counters.window_started_at <= now() - make_interval(secs => ${windowMs / 1000})
                    THEN 1 ELSE rate_limit_counters.hits + 1 END,
        window_started_at = CASE WHEN rate_limit_counters.window_started_at <= now() - make_interval(secs => ${windowMs / 1000})
                    THEN now() ELSE rate_limit_counters.window_started_at END
      RETURNING hits, window_started_at`;
    const { hits, window_started_at } = rows[0];
    const resetsInMs = window_started_at.getTime() + windowMs - Date.now();
    return { allowed: hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil(resetsInMs / 1000)) };
  }
}
