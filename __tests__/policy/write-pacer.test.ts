import { describe, expect, test } from '@jest/globals';
import { createWritePacer } from '../../src/core/policy/write-pacer.js';

/** A clock that only moves when someone sleeps. */
function virtualClock() {
  let now = 0;
  const starts: number[] = [];
  return {
    starts,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    write: async (pace: () => Promise<void>) => {
      await pace();
      starts.push(now);
    },
  };
}

describe('createWritePacer', () => {
  test('120 writes at 60 a minute: one a second, the 61st a minute after the first', async () => {
    const clock = virtualClock();
    const pace = createWritePacer(60, clock);
    for (let i = 0; i < 120; i += 1) await clock.write(pace);
    expect(clock.starts.slice(0, 3)).toEqual([0, 1000, 2000]);
    expect(clock.starts[60]).toBe(60_000);
    // No sliding minute holds more than the budget.
    for (let i = 0; i + 60 < clock.starts.length; i += 1) {
      expect(clock.starts[i + 60]! - clock.starts[i]!).toBeGreaterThanOrEqual(60_000);
    }
  });

  test('concurrent writers share the budget: each waits for its own slot', async () => {
    const waits: number[] = [];
    const pace = createWritePacer(600, { now: () => 0, sleep: async (ms) => void waits.push(ms) });
    await Promise.all(Array.from({ length: 5 }, () => pace()));
    expect(waits).toEqual([100, 200, 300, 400]);
  });
});
