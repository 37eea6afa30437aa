// V8 settings for acr-lock's own process (the CLI, the action, the task) in a run over a selection:
// its memory should not grow with the length of the run. The shells' entries hand this to the runner
// (InvocationOptions.boundHeap): a lock run is left as it is, since these settings slow its start (by
// 15–25 ms each here), and a host that loads the runner (a test runner) keeps its own settings.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A run over a selection collects its garbage in full at least this often… */
export const FULL_COLLECTION_MS = 1000;
/** …and sooner once it holds this much more (heap and buffers) than just after the last one… */
export const HELD_RISE_BYTES = 4 * 1024 * 1024;
/** …as seen this often. */
const CHECK_MS = 100;

let bounded = false;

/**
 * Keeps the young generation at its start size, compiles without Maglev (V8's middle tier), and
 * collects the whole heap every FULL_COLLECTION_MS, or sooner when the heap and the buffers outside it
 * hold HELD_RISE_BYTES more than just after the last collection. Once per process (`enforce --watch`
 * runs pass after pass).
 *
 * What a run keeps is small and flat (11–19 MB of heap after a full collection at 10,000 and at
 * 50,000 tags). Three things grew with the run instead, measured at 50,000 tags against 10,000:
 * - the young generation doubles each time the bytes surviving its collections add up to its size:
 *   a request in flight and a page survive each one, so a long sweep reached 64 MB semi-spaces;
 * - Maglev's compilation zones, malloc'd on its background thread and not given back: about 15 MB
 *   more resident memory after a 50,000-tag re-run than after a 10,000-tag one;
 * - with the young generation kept small, what survives it is promoted and the old generation fills
 *   with garbage until V8's first full collection: a first sweep peaked at 118–123 MB, or at 103 MB
 *   when a 10,000-tag run ended before it. Collected every second, it peaks at 90–98 MB, no slower.
 *   A listing page of 1,000 items is half a megabyte of text, kept by V8 with large objects until a
 *   full collection, and a re-run reads 20 pages a second: on the timer alone a 50,000-tag re-run
 *   peaked at 112–120 MB against 92–96 MB at 10,000 tags. Collected also on each 4 MB rise of
 *   resident memory, at 92–96 MB against 85–89 MB; on each 4 MB rise of what the heap and buffers
 *   hold, at 89–95 MB against 85–88 MB.
 * The flags are read when they apply (the growth factor at each growth, Maglev at each tier-up, and
 * `gc` is given to contexts made after it), so setting them once V8 runs takes effect from here on;
 * the collection's timer does not keep the process alive.
 */
export function boundHeapGrowth(): void {
  if (bounded) return;
  bounded = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-maglev');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let last = Date.now();
  // From V8 alone: process.memoryUsage() would also read /proc for the RSS, ten times a second.
  const held = () => {
    const heap = getHeapStatistics();
    return heap.used_heap_size + heap.external_memory;
  };
  let base = held();
  setInterval(() => {
    const now = Date.now();
    if (now - last < FULL_COLLECTION_MS && held() - base < HELD_RISE_BYTES) return;
    gc();
    last = now;
    base = held();
  }, CHECK_MS).unref();
}
