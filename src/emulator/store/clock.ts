/**
 * Timestamps for created/updated times. Strictly increasing, so `orderby=timedesc` is a total order
 * even when many writes land in the same millisecond.
 */
export class MonotonicClock {
  private last = 0;

  nowMs(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
}

/** ACR prints seven fractional digits (`2024-06-20T22:44:25.6284321Z`). */
export function formatAcrTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '0000Z');
}
