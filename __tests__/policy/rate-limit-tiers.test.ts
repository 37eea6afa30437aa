// Runs that need more writes than ACR's Basic tier allows in a minute, against the emulator enforcing
// that tier (100 writes a minute, 429 with Retry-After past it). The emulator's limiter runs on a clock
// sixty times faster, so its one-minute window passes in a second; the client caps Retry-After at 1 s.
// Every target must end locked (read back from the store), none failed, and the log must show the
// run lowering its concurrency on the 429s and climbing back.
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { InputName } from '../../src/core/settings/input-names.js';
import { ACR_TIER_LIMITS } from '../../src/emulator/server/rate-limiter.js';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { invokeOnEmulator, type FakePlatform } from '../helpers/fake-platform.js';

const started = Date.now();
const emu = withEmulator({
  seed: false,
  rateLimits: ACR_TIER_LIMITS.basic,
  rateLimitClock: () => started + (Date.now() - started) * 60,
});

const IMAGES = 75; // 150 writes (tag + manifest each): half again the Basic tier's minute

function seed(): string[] {
  const digests: string[] = [];
  for (let i = 0; i < IMAGES; i += 1) {
    const image = buildImage({ files: { n: String(i) } });
    storeBuilt(emu.store, 'app', image, `v${i}`);
    digests.push(image.digest);
  }
  return digests;
}

const run = (inputs: Partial<Record<InputName, string>>): Promise<FakePlatform> =>
  invokeOnEmulator(emu, { 'max-concurrency': '8', 'max-retry-after': '1s', ...inputs });

function expectAllLocked(digests: readonly string[]): void {
  for (let i = 0; i < IMAGES; i += 1) {
    expect(emu.store.getTag('app', `v${i}`)?.attributes).toMatchObject({
      writeEnabled: false,
      deleteEnabled: false,
    });
    expect(emu.store.getManifest('app', digests[i] ?? '')?.attributes).toMatchObject({
      writeEnabled: false,
      deleteEnabled: false,
    });
  }
}

function expectThrottledAndRecovered(platform: FakePlatform): void {
  const throttled = emu.requestLog.filter((e) => e.status === 429);
  expect(throttled.length).toBeGreaterThan(0);
  expect(throttled.every((e) => e.kind === 'write')).toBe(true);
  expect(platform.lines).toContainEqual(
    expect.stringMatching(/throttling \(429\): at most 4 requests at once, down from 8/),
  );
  expect(platform.lines).toContainEqual(expect.stringMatching(/back to 8 at once/));
  // Writes that went through: exactly one per object, none lost to the 429s.
  expect(emu.requestLog.filter((e) => e.kind === 'write' && e.status === 200)).toHaveLength(2 * IMAGES);
}

beforeEach(() => {
  for (const repository of emu.store.listRepositories()) emu.store.deleteRepository(repository);
  emu.clearRequestLog();
});

describe("under ACR's Basic tier limits", () => {
  test('a sweep over more writes than the minute allows locks every tag and manifest, none failed', async () => {
    const digests = seed();
    const platform = await run({ action: 'sweep', repository: 'app', 'lock-mode': 'lock' });
    expect(platform.failure).toBeUndefined();
    expect(platform.outputs.get('failed')).toBe('0');
    expect(platform.outputs.get('changed')).toBe(String(2 * IMAGES));
    expectAllLocked(digests);
    expectThrottledAndRecovered(platform);
  });

  test('a lock of many references does the same', async () => {
    const digests = seed();
    const image = Array.from({ length: IMAGES }, (_, i) => `app:v${i}`).join('\n');
    const platform = await run({ image });
    expect(platform.failure).toBeUndefined();
    expect(platform.outputs.get('changed')).toBe(String(2 * IMAGES));
    expectAllLocked(digests);
    expectThrottledAndRecovered(platform);
  });
});
