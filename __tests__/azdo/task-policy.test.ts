// sweep and audit through the packaged task as the agent runs it (Docker registry service connection),
// against the emulator; effects read back from its store.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { runTask, type TaskRun } from './run-task.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Wz4kR8' };
const DOCKER_ID = '7c1e0d2a-4b5f-4e8a-9d3c-2f6a1b0e9c47';
const emu = withEmulator({ admin: ADMIN, seed: false });

beforeEach(() => {
  // Counts are exact: start from these tags alone.
  for (const repository of emu.store.listRepositories()) emu.store.deleteRepository(repository);
  resetAll(emu.store);
  for (const tag of ['v1.0', 'v1.1', 'latest'])
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag } }), tag);
  emu.clearRequestLog();
});

function run(inputs: Record<string, string>): Promise<TaskRun> {
  return runTask({
    inputs: { dockerRegistryServiceConnection: DOCKER_ID, caCert: emu.caCertPath, ...inputs },
    endpoints: [
      {
        id: DOCKER_ID,
        url: `https://${emu.loginServer}`,
        scheme: 'UsernamePassword',
        parameters: {
          registry: `https://${emu.loginServer}`,
          username: ADMIN.username,
          password: ADMIN.password,
          email: '',
        },
        data: { registrytype: 'Others' },
      },
    ],
  });
}

describe('task: sweep and audit', () => {
  test('sweep from the repository inputs; counts as output variables', async () => {
    const result = await run({ action: 'sweep', repository: 'apps/api', include: 'v*', exclude: 'v1.1' });
    expect(result.result?.result).toBe('Succeeded');
    expect(tagState(emu.store, 'apps/api', 'v1.0')).toBe('W- D- R+ L+');
    expect(tagState(emu.store, 'apps/api', 'v1.1')).toBe('W+ D+ R+ L+');
    expect(result.outputs).toMatchObject({ selected: '2', changed: '2', kept: '1', failed: '0' });
  });

  test('audit with failOnFindings fails the task on a half-locked image; bad input named as the task names it', async () => {
    emu.store.updateTagAttributes('apps/api', 'v1.0', { writeEnabled: false, deleteEnabled: false });
    const audit = await run({ action: 'audit', repository: 'apps/api', failOnFindings: 'true' });
    expect(audit.result?.result).toBe('Failed');
    expect(audit.outputs.findings).toBe('1');

    const bad = await run({ action: 'sweep', repository: 'apps/api', olderThan: 'two days' });
    expect(bad.result?.result).toBe('Failed');
    expect(bad.result?.message).toContain(
      "Input 'olderThan': 'two days' — an age is a whole number followed by m, h, d or w",
    );
  });

  test('a named-image option over a selection is refused, not ignored: nothing sent', async () => {
    const bad = await run({ action: 'enforce', repository: 'apps/api', lockManifest: 'false' });
    expect(bad.result).toEqual({
      result: 'Failed',
      message:
        "Input 'lockManifest': is for named images; over a selection (policy or repository) each tag's rule decides what action: enforce covers: the tag, its manifest and an index's children",
    });
    expect(emu.requestLog).toHaveLength(0);
  });
});

describe('task: verify over a selection (the repository-wide gate)', () => {
  const SELECTION = { action: 'verify', repository: 'apps/api', include: 'v*', exclude: 'v1.1' };
  const patches = () => emu.requestLog.filter((e) => e.method === 'PATCH');
  const errors = (task: TaskRun) => task.issues.filter((i) => i.type === 'error').map((i) => i.message);

  test('fails the task naming the selected manifest left unlocked, succeeds after a sweep; writes nothing', async () => {
    expect((await run({ ...SELECTION, action: 'sweep' })).result?.result).toBe('Succeeded');
    const digest = emu.store.getTag('apps/api', 'v1.0')?.digest ?? '';
    emu.store.updateManifestAttributes('apps/api', digest, { writeEnabled: true, deleteEnabled: true });
    emu.clearRequestLog();

    const failing = await run(SELECTION);
    expect(failing.result).toEqual({
      result: 'Failed',
      message: '❌ verify: 2 selected, 1 mismatched, 1 unchanged, 1 kept, 0 failed.',
    });
    expect(failing.outputs).toMatchObject({
      selected: '2',
      changed: '0',
      unchanged: '1',
      mismatched: '1',
      kept: '1',
    });
    expect(errors(failing)).toContain(
      `acr-lock: not as its rule wants: apps/api@${digest} is W+ D+ R+ L+; rule 1 wants W- D- R+ L+ (through apps/api:v1.0)`,
    );
    expect(patches()).toEqual([]);
    expect(manifestState(emu.store, 'apps/api', digest)).toBe('W+ D+ R+ L+');

    expect((await run({ ...SELECTION, action: 'sweep' })).result?.result).toBe('Succeeded');
    emu.clearRequestLog();
    const passing = await run(SELECTION);
    expect(passing.result?.result).toBe('Succeeded');
    expect(passing.outputs).toMatchObject({ selected: '2', unchanged: '2', mismatched: '0' });
    expect(patches()).toEqual([]);
  });

  test('a policy file: first match wins, excluded tags are not judged', async () => {
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag: 'v2.0-rc1' } }), 'v2.0-rc1');
    const dir = await mkdtemp(join(tmpdir(), 'acr-lock-task-policy-'));
    try {
      const policy = join(dir, 'acr-lock.policy.yml');
      await writeFile(
        policy,
        [
          'rules:',
          "  - { name: candidates, repositories: 'apps/**', tags: '*-rc*', mode: delete-protect }",
          "  - { name: releases, repositories: 'apps/**', tags: 'v*', exclude: 'v1.1', mode: full-lock }",
        ].join('\n'),
      );
      const before = await run({ action: 'verify', policy });
      expect(before.result?.result).toBe('Failed');
      expect(errors(before)).toContain(
        "acr-lock: not as its rule wants: apps/api:v2.0-rc1 is W+ D+ R+ L+; rule 1 'candidates' wants W+ D- R+ L+",
      );
      expect(errors(before)).toContain(
        "acr-lock: not as its rule wants: apps/api:v1.0 is W+ D+ R+ L+; rule 2 'releases' wants W- D- R+ L+",
      );
      expect(errors(before).filter((m) => m.includes('v1.1'))).toEqual([]);

      expect((await run({ action: 'sweep', policy })).result?.result).toBe('Succeeded');
      emu.store.updateTagAttributes('apps/api', 'v1.1', { writeEnabled: false });
      emu.clearRequestLog();
      const after = await run({ action: 'verify', policy });
      expect(after.result?.result).toBe('Succeeded');
      expect(after.outputs).toMatchObject({ selected: '4', unchanged: '4', mismatched: '0', kept: '1' });
      expect(patches()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('image and repository together: one input error naming both, nothing sent', async () => {
    const bad = await run({ action: 'verify', image: 'apps/api:v1.0', repository: 'apps/api' });
    expect(bad.result).toEqual({
      result: 'Failed',
      message:
        "Input 'image': cannot be combined with repository; action: verify checks either named images or a selection (policy or repository), not both",
    });
    expect(emu.requestLog).toHaveLength(0);
  });
});
