// After a sweep or enforce pass, the run says how many manifests it leaves locked and what that means
// for ACR's purge and retention policy; the count is checked against the emulator's store.
import { beforeEach, describe, expect, test } from '@jest/globals';
import type { InputName } from '../../src/core/settings/input-names.js';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { invokeOnEmulator, type FakePlatform } from '../helpers/fake-platform.js';

const emu = withEmulator({ seed: false });

const run = (inputs: Partial<Record<InputName, string>>): Promise<FakePlatform> =>
  invokeOnEmulator(emu, { action: 'sweep', repository: 'app', ...inputs });

const retentionWarnings = (platform: FakePlatform) =>
  platform.lines.filter((line) => line.startsWith('warning: ') && line.includes('acr purge'));
const lockedInStore = () =>
  emu.store.listManifests('app').filter((m) => !m.attributes.writeEnabled || !m.attributes.deleteEnabled)
    .length;

beforeEach(() => {
  for (const repository of emu.store.listRepositories()) emu.store.deleteRepository(repository);
  for (let i = 0; i < 3; i += 1)
    storeBuilt(emu.store, 'app', buildImage({ files: { n: String(i) } }), `v${i}`);
  storeBuilt(emu.store, 'app', buildImage({ files: { n: 'rc' } }), 'v9-rc');
});

describe('the purge and retention warning', () => {
  test('a sweep that locks says how many manifests purge and retention will now skip', async () => {
    const platform = await run({ 'lock-mode': 'delete-protect', exclude: '*-rc' });
    expect(platform.failure).toBeUndefined();
    expect(lockedInStore()).toBe(3);
    expect(retentionWarnings(platform)).toEqual([
      'warning: 3 locked manifest(s) (write or delete disabled): acr purge skips them unless --include-locked, and the retention policy will not delete them once they are untagged',
    ]);
  });

  test('a re-run counts the manifests it leaves locked, though it writes none', async () => {
    await run({ 'lock-mode': 'lock' });
    emu.clearRequestLog();
    const again = await run({ 'lock-mode': 'lock' });
    expect(emu.requestLog.filter((e) => e.kind === 'write')).toHaveLength(0);
    // All four images, v9-rc too (no exclusion this time).
    expect(lockedInStore()).toBe(4);
    expect(retentionWarnings(again)).toHaveLength(1);
    expect(retentionWarnings(again)[0]).toContain('4 locked manifest(s)');
  });

  test('a sweep that unlocks (allowed) or only hides says nothing of it', async () => {
    await run({ 'lock-mode': 'lock' });
    const unlocked = await run({ 'lock-mode': 'unlock', 'allow-bulk-unlock': 'true' });
    expect(lockedInStore()).toBe(0);
    expect(retentionWarnings(unlocked)).toEqual([]);
    const hidden = await run({ 'lock-mode': 'hide' });
    expect(hidden.failure).toBeUndefined();
    expect(retentionWarnings(hidden)).toEqual([]);
  });
});
