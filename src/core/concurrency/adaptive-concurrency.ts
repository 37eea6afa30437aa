import pLimit from 'p-limit';

/** A change of the requests allowed in flight, for the log. */
export interface ConcurrencyChange {
  readonly from: number;
  readonly to: number;
  readonly reason: 'throttled' | 'recovered';
}

/** One burst of 429s is one signal: the limit is cut at most once in this many ms. */
const CUT_INTERVAL_MS = 1000;

/**
 * Requests in flight for a whole run, shared by all its phases: halved when the registry throttles
 * (a 429), raised by one after as many requests in a row as are allowed went through, back up to the
 * configured maximum. The registry's `Retry-After` says when to retry; this says how many may retry,
 * so a throttled registry sees one probe instead of a burst.
 */
export class AdaptiveConcurrency {
  private value: number;
  private streak = 0;
  private lastCut = -Infinity;

  constructor(
    readonly max: number,
    private readonly options: {
      readonly now?: () => number;
      readonly onChange?: (change: ConcurrencyChange) => void;
    } = {},
  ) {
    this.value = max;
  }

  get current(): number {
    return this.value;
  }

  /** The registry answered 429. */
  throttled(): void {
    this.streak = 0;
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastCut < CUT_INTERVAL_MS || this.value === 1) return;
    this.lastCut = now;
    this.set(Math.max(1, Math.floor(this.value / 2)), 'throttled');
  }

  /** A limited task finished (its requests went through, or failed for another reason). */
  finished(): void {
    if (this.value === this.max) return;
    this.streak += 1;
    if (this.streak < this.value) return;
    this.streak = 0;
    this.set(this.value + 1, 'recovered');
  }

  private set(to: number, reason: ConcurrencyChange['reason']): void {
    const from = this.value;
    this.value = to;
    this.options.onChange?.({ from, to, reason });
  }
}

/** Requests in flight: a fixed number, or a limit that follows the registry's throttling. */
export type Concurrency = number | AdaptiveConcurrency;

/**
 * A limiter for one phase of a run (each phase its own, so a limited task never waits on its own
 * phase's slots); with an adaptive limit, every start and finish follows its current value.
 */
export function phaseLimit(concurrency: Concurrency): <T>(task: () => Promise<T>) => Promise<T> {
  if (typeof concurrency === 'number') {
    const fixed = pLimit(concurrency);
    return (task) => fixed(task);
  }
  const limit = pLimit(concurrency.current);
  const follow = (): void => {
    if (limit.concurrency !== concurrency.current) limit.concurrency = concurrency.current;
  };
  return async (task) => {
    follow();
    try {
      return await limit(task);
    } finally {
      concurrency.finished();
      follow();
    }
  };
}
