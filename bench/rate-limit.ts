// A sweep under ACR's Standard tier (500 writes a minute, enforced by the emulator with a real clock):
// 500 images, 1,000 writes, twice the minute's budget. Once adapting to the 429s alone, once paced
// with --max-writes-per-minute 500. Figures: wall time, 429s answered, objects the registry holds
// locked afterwards (read back from the store) and the write throughput while throttled, to compare
// with the tier's 500 a minute.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { ACR_TIER_LIMITS } from '../src/emulator/server/rate-limiter.js';
import { BENCH_ADMIN, cliRun, lockPolicy, seedTags } from './cli-process.js';
import type { Figures } from './core.js';

const IMAGES = 500;
const TIER = ACR_TIER_LIMITS.standard;

/** Writes a minute from the first 429 (or the first write, when none) to the last write. */
function throttledThroughput(emu: RunningEmulator): { perMinute: number; throttled: number } {
  const log = emu.requestLog;
  const throttled = log.filter((e) => e.status === 429);
  const written = log.filter((e) => e.kind === 'write' && e.status === 200).map((e) => e.time);
  const from = throttled.length > 0 ? Math.min(...throttled.map((e) => e.time)) : Math.min(...written);
  const after = written.filter((t) => t > from);
  const span = Math.max(...written) - from;
  return { perMinute: Math.round((after.length / span) * 60_000), throttled: throttled.length };
}

function lockedObjects(emu: RunningEmulator, digests: readonly string[]): number {
  const locked = (a: { writeEnabled: boolean; deleteEnabled: boolean } | undefined) =>
    a !== undefined && !a.writeEnabled && !a.deleteEnabled;
  let count = 0;
  digests.forEach((digest, i) => {
    if (locked(emu.store.getTag('app', `v${i}`)?.attributes)) count += 1;
    if (locked(emu.store.getManifest('app', digest)?.attributes)) count += 1;
  });
  return count;
}

async function sweepUnderTier(figures: Figures, label: string, extra: readonly string[], dir: string) {
  const emu = await startEmulator({ seed: false, admin: BENCH_ADMIN, rateLimits: TIER });
  try {
    const digests = seedTags(emu, 'app', IMAGES);
    const policy = await lockPolicy(dir, label, 'app');
    const measured = await cliRun(emu, ['sweep', '--policy', policy, '--json', ...extra]);
    const { perMinute, throttled } = throttledThroughput(emu);
    figures[`${label}.wallMs`] = measured.wallMs;
    figures[`${label}.writes`] = measured.writes;
    figures[`${label}.answered429`] = throttled;
    const locked = lockedObjects(emu, digests);
    figures[`${label}.objectsLocked`] = locked;
    figures[`${label}.objectsFailed`] = 2 * IMAGES - locked;
    figures[`${label}.writesPerMinuteThrottled`] = perMinute;
    figures[`${label}.ofTierLimitPercent`] = Math.round((perMinute / TIER.writesPerMinute) * 100);
  } finally {
    await emu.close();
  }
}

export async function benchRateLimit(): Promise<Figures> {
  const figures: Figures = {};
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-bench-rate-'));
  try {
    await sweepUnderTier(figures, 'standard.adaptive', [], dir);
    await sweepUnderTier(figures, 'standard.paced', ['--max-writes-per-minute', '500'], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
