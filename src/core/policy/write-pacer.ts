export interface PacerClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * `max-writes-per-minute`: spaces writes evenly, 60 000 / max ms apart, so no minute holds more than
 * the budget (ACR's write limits are per minute: 100 / 500 / 2,000 on Basic / Standard / Premium).
 * Slots are taken synchronously, so concurrent writers share one budget.
 */
export function createWritePacer(maxPerMinute: number, clock: PacerClock): () => Promise<void> {
  const interval = 60_000 / maxPerMinute;
  let next = -Infinity;
  return async () => {
    const now = clock.now();
    const slot = Math.max(now, next);
    next = slot + interval;
    if (slot > now) await clock.sleep(slot - now);
  };
}
