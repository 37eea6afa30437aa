// sweep, enforce and audit through the action as the runner runs it (dist/action/index.js, INPUT_*,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) against the emulator; effects read back from its store.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputName } from '../../src/core/settings/input-names.js';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, resetAll, tagState } from './registry-state.js';
import { runAction, type ActionRun } from './run-action.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Xq7rT2' };
const emu = withEmulator({ admin: ADMIN, seed: false });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-action-policy-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeEach(() => {
  resetAll(emu.store);
  for (const tag of ['v1.0', 'v1.1', 'latest'])
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag } }), tag);
  emu.clearRequestLog();
});

function action(inputs: Partial<Record<InputName, string>>): Promise<ActionRun> {
  return runAction({
    inputs: {
      registry: emu.loginServer,
      username: ADMIN.username,
      password: ADMIN.password,
      'ca-cert': emu.caCertPath,
      ...inputs,
    },
  });
}

const POLICY =
  "rules:\n  - { name: releases, repositories: 'apps/**', tags: 'v*', exclude: 'v1.1', mode: full-lock }\n";

describe('action: sweep, enforce, audit', () => {
  test('sweep applies the policy file; counts in the outputs, the first rows in the job summary', async () => {
    const policy = join(dir, 'policy.yml');
    await writeFile(policy, POLICY);
    const run = await action({ action: 'sweep', policy });
    expect(run.code).toBe(0);
    expect(tagState(emu.store, 'apps/api', 'v1.0')).toBe('W- D- R+ L+');
    const digest = emu.store.getTag('apps/api', 'v1.0')?.digest ?? '';
    expect(manifestState(emu.store, 'apps/api', digest)).toBe('W- D- R+ L+');
    expect(tagState(emu.store, 'apps/api', 'v1.1')).toBe('W+ D+ R+ L+');
    expect(run.outputs).toMatchObject({
      selected: '2',
      changed: '2',
      unchanged: '0',
      kept: '1',
      failed: '0',
    });
    expect(run.summary).toContain('**✅ sweep: 2 selected, 2 changed, 0 unchanged, 1 kept, 0 failed.**');
    expect(run.summary).toContain(
      "| `apps/api:v1.0` | changed | `W+ D+ R+ L+` → `W- D- R+ L+` | rule 1 'releases' |",
    );
  });

  test('enforce keeps its checkpoint in a file; the second pass reads only the new tag', async () => {
    const checkpoint = join(dir, 'checkpoint.json');
    const first = await action({ action: 'enforce', repository: 'apps/api', include: 'v*', checkpoint });
    expect(first.code).toBe(0);
    expect(JSON.parse(await readFile(checkpoint, 'utf8'))).toMatchObject({
      version: 1,
      loginServer: emu.loginServer,
    });
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { n: 'v2' } }), 'v2.0');
    const second = await action({ action: 'enforce', repository: 'apps/api', include: 'v*', checkpoint });
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({ selected: '2', changed: '2' });
    expect(tagState(emu.store, 'apps/api', 'v2.0')).toBe('W- D- R+ L+');
  });

  test('audit with fail-on-findings fails the step on a half-locked image', async () => {
    emu.store.updateTagAttributes('apps/api', 'v1.0', { writeEnabled: false, deleteEnabled: false });
    const run = await action({ action: 'audit', repository: 'apps/api', 'fail-on-findings': 'true' });
    expect(run.code).toBe(1);
    expect(run.outputs.findings).toBe('1');
    expect(run.summary).toContain('| ❌ tag-locked-manifest-open | `apps/api:v1.0` |');
  });

  test('inputs named as the action names them: a bulk unlock refused, nothing sent', async () => {
    const run = await action({ action: 'sweep', repository: 'apps/api', 'lock-mode': 'unlock' });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toContain(
      "Input 'lock-mode': 'unlock' would make every tag it matches deletable again: set allow-bulk-unlock: true to allow a bulk unlock",
    );
    expect(emu.requestLog).toHaveLength(0);
  });
});
