import { describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SAMPLES, startEmulator } from '../../src/emulator/index.js';
import { loadStore } from '../../src/emulator/store/data-dir.js';
import { acrPath, patch } from './support/registry-calls.js';

/** `dataDir` in process (across restarts of the command: standalone-cli.test.ts). */
describe('the data dir', () => {
  test('writes reach it while the emulator runs, not only when it closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acr-emulator-data-'));
    const emu = await startEmulator({ dataDir: dir });
    try {
      const { repository, tag } = SAMPLES.plain;
      const path = acrPath(repository, `/_tags/${tag}`);
      // A burst: the saves it causes are coalesced, the last state is the one kept.
      for (const deleteEnabled of [false, true, false])
        expect((await patch(emu, path, { deleteEnabled })).status).toBe(200);
      const saved = (): boolean | undefined =>
        loadStore(dir)?.getTag(repository, tag)?.attributes.deleteEnabled;
      for (let i = 0; i < 100 && saved() !== false; i++) await sleep(50);
      expect(saved()).toBe(false);
      expect(emu.store.getTag(repository, tag)?.attributes.deleteEnabled).toBe(false);
    } finally {
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
