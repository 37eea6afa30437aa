// The run's concurrency under throttling: halved on a 429 (once per burst), raised by one per full
// round of requests that went through, never below 1 nor above the maximum; and the phase limiter
// really keeps that many tasks in flight.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  AdaptiveConcurrency,
  phaseLimit,
  type ConcurrencyChange,
} from '../../src/core/concurrency/adaptive-concurrency.js';

function clocked(max: number) {
  let now = 0;
  const changes: ConcurrencyChange[] = [];
  const concurrency = new AdaptiveConcurrency(max, {
    now: () => now,
    onChange: (change) => changes.push(change),
  });
  return { concurrency, changes, advance: (ms: number) => (now += ms) };
}

describe('AdaptiveConcurrency', () => {
  test('a 429 halves the limit; 429s within the same second count once', () => {
    const { concurrency, changes, advance } = clocked(16);
    concurrency.throttled();
    concurrency.throttled();
    advance(999);
    concurrency.throttled();
    expect(concurrency.current).toBe(8);
    advance(1);
    concurrency.throttled();
    expect(concurrency.current).toBe(4);
    expect(changes).toEqual([
      { from: 16, to: 8, reason: 'throttled' },
      { from: 8, to: 4, reason: 'throttled' },
    ]);
  });

  test('never below one request at a time', () => {
    const { concurrency, advance } = clocked(3);
    for (let i = 0; i < 5; i += 1) {
      concurrency.throttled();
      advance(1000);
    }
    expect(concurrency.current).toBe(1);
  });

  test('recovers by one after as many finished tasks as the current limit, up to the maximum', () => {
    const { concurrency, changes } = clocked(4);
    concurrency.throttled();
    expect(concurrency.current).toBe(2);
    concurrency.finished();
    expect(concurrency.current).toBe(2);
    concurrency.finished();
    expect(concurrency.current).toBe(3);
    for (let i = 0; i < 3; i += 1) concurrency.finished();
    expect(concurrency.current).toBe(4);
    for (let i = 0; i < 10; i += 1) concurrency.finished();
    expect(concurrency.current).toBe(4);
    expect(changes.map((c) => c.to)).toEqual([2, 3, 4]);
  });

  test('a 429 resets the round: tasks finished before it do not count toward recovery', () => {
    const { concurrency, advance } = clocked(8);
    concurrency.throttled();
    for (let i = 0; i < 3; i += 1) concurrency.finished();
    advance(200);
    concurrency.throttled(); // within the second: no second cut, but the round starts again
    for (let i = 0; i < 3; i += 1) concurrency.finished();
    expect(concurrency.current).toBe(4);
    concurrency.finished();
    expect(concurrency.current).toBe(5);
  });

  test('any sequence of 429s, finished tasks and time keeps the limit within 1..max', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(
          fc.oneof(
            fc.constant<'throttled'>('throttled'),
            fc.constant<'finished'>('finished'),
            fc.integer({ min: 0, max: 5000 }),
          ),
          { maxLength: 300 },
        ),
        (max, events) => {
          const { concurrency, changes, advance } = clocked(max);
          for (const event of events) {
            if (event === 'throttled') concurrency.throttled();
            else if (event === 'finished') concurrency.finished();
            else advance(event);
            expect(concurrency.current).toBeGreaterThanOrEqual(1);
            expect(concurrency.current).toBeLessThanOrEqual(max);
          }
          // Every change is told, and the last one told is where the limit stands.
          expect(changes.at(-1)?.to ?? max).toBe(concurrency.current);
        },
      ),
    );
  });
});

describe('phaseLimit', () => {
  /** Runs `count` tasks of 5 ms; `beforeStart(n)` runs as the n-th starts. Tasks in flight as each started. */
  async function inFlightAtStarts(
    limit: ReturnType<typeof phaseLimit>,
    count: number,
    beforeStart: (n: number) => void = () => undefined,
  ): Promise<number[]> {
    let active = 0;
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: count }, () =>
        limit(async () => {
          beforeStart(seen.length + 1);
          active += 1;
          seen.push(active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active -= 1;
        }),
      ),
    );
    return seen;
  }

  test('a fixed number is a plain limit', async () => {
    const seen = await inFlightAtStarts(phaseLimit(3), 12);
    expect(Math.max(...seen)).toBe(3);
  });

  test('a throttled run starts fewer tasks at once, and as tasks finish it climbs back to the maximum', async () => {
    const concurrency = new AdaptiveConcurrency(8);
    const seen = await inFlightAtStarts(phaseLimit(concurrency), 60, (n) => {
      if (n === 9) concurrency.throttled();
    });
    expect(Math.max(...seen.slice(0, 8))).toBe(8);
    // The next tasks wait until the eight in flight drain below the cut limit (four, then five).
    expect(Math.max(...seen.slice(9, 13))).toBeLessThanOrEqual(5);
    expect(concurrency.current).toBe(8);
    expect(Math.max(...seen.slice(40))).toBe(8);
  });
});
