/** Requests per minute, counted apart for reads (GET/HEAD) and writes (everything else). */
export interface RateLimits {
  readsPerMinute: number;
  writesPerMinute: number;
}

/**
 * ACR's published throttling limits per service tier (read and write operations per minute), the
 * values `--rate-limit basic|standard|premium` stand for.
 */
export const ACR_TIER_LIMITS: Readonly<Record<'basic' | 'standard' | 'premium', RateLimits>> = {
  basic: { readsPerMinute: 1_000, writesPerMinute: 100 },
  standard: { readsPerMinute: 3_000, writesPerMinute: 500 },
  premium: { readsPerMinute: 10_000, writesPerMinute: 2_000 },
};

const WINDOW_MS = 60_000;

/**
 * A sliding one-minute window per kind. `take` admits the request (undefined) or says how many
 * seconds until it would be admitted, for `Retry-After`.
 */
export class RateLimiter {
  private readonly seen = { read: [] as number[], write: [] as number[] };

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  take(kind: 'read' | 'write'): number | undefined {
    const limit = kind === 'read' ? this.limits.readsPerMinute : this.limits.writesPerMinute;
    const times = this.seen[kind];
    const now = this.now();
    while (times.length > 0 && (times[0] ?? 0) <= now - WINDOW_MS) times.shift();
    if (times.length < limit) {
      times.push(now);
      return undefined;
    }
    return Math.max(1, Math.ceil(((times[0] ?? now) + WINDOW_MS - now) / 1000));
  }
}
