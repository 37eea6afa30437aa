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
import { emulatorInputs, runAction, type ActionRun } from './run-action.js';

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
    inputs: { ...emulatorInputs(emu), ...inputs },
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

  test("an audit that cannot trust the registry's certificate: the hint comes before the verdict", async () => {
    const run = await action({ action: 'audit', repository: 'apps/api', 'ca-cert': '' });
    expect(run.code).toBe(1);
    const hint = run.stdout.indexOf('::error title=acr-lock%3A untrusted certificate::');
    const verdict = run.stdout.indexOf('audit of 1 repositories, 0 objects');
    expect(hint).toBeGreaterThan(-1);
    expect(verdict).toBeGreaterThan(hint);
  });

  // Inputs named as the action names them, before any request.
  test.each([
    [
      'a bulk unlock',
      { 'lock-mode': 'unlock' },
      "Input 'lock-mode': 'unlock' would make every tag it matches deletable again: set allow-bulk-unlock: true to allow a bulk unlock",
    ],
    [
      'a named-image option over a selection (not ignored)',
      { 'include-referrers': 'true' },
      "Input 'include-referrers': is for named images; over a selection (policy or repository) each tag's rule decides what action: sweep covers: the tag, its manifest and an index's children",
    ],
  ])('%s is refused, nothing sent', async (_case, inputs, message) => {
    const run = await action({ action: 'sweep', repository: 'apps/api', ...inputs });
    expect(run.code).toBe(1);
    expect(run.annotations.map((a) => a.message)).toContain(message);
    expect(emu.requestLog).toHaveLength(0);
  });
});

describe('action: verify over a selection (the repository-wide gate)', () => {
  const SELECTION = { action: 'verify', repository: 'apps/api', include: 'v*', exclude: 'v1.1' } as const;
  const patches = () => emu.requestLog.filter((e) => e.method === 'PATCH');
  const errors = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  // Counts are exact: start from the three tags alone (earlier tests push more).
  beforeEach(() => {
    for (const repository of emu.store.listRepositories()) emu.store.deleteRepository(repository);
    for (const tag of ['v1.0', 'v1.1', 'latest'])
      storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag } }), tag);
    emu.clearRequestLog();
  });

  test('fails the step naming the selected manifest left unlocked, passes after a sweep; writes nothing', async () => {
    expect((await action({ ...SELECTION, action: 'sweep' })).code).toBe(0);
    const digest = emu.store.getTag('apps/api', 'v1.0')?.digest ?? '';
    emu.store.updateManifestAttributes('apps/api', digest, { writeEnabled: true, deleteEnabled: true });
    emu.clearRequestLog();

    const failing = await action(SELECTION);
    expect(failing.code).toBe(1);
    expect(failing.outputs).toMatchObject({
      selected: '2',
      changed: '0',
      unchanged: '1',
      mismatched: '1',
      kept: '1',
      failed: '0',
    });
    expect(errors(failing)).toEqual([
      `apps/api@${digest} is W+ D+ R+ L+; rule 1 wants W- D- R+ L+ (through apps/api:v1.0)`,
      '❌ verify: 2 selected, 1 mismatched, 1 unchanged, 1 kept, 0 failed.',
    ]);
    expect(failing.summary).toContain(
      '**❌ verify: 2 selected, 1 mismatched, 1 unchanged, 1 kept, 0 failed.**',
    );
    expect(failing.summary).toContain(
      `| \`apps/api@${digest}\` | mismatch | \`W+ D+ R+ L+\` → \`W- D- R+ L+\` | rule 1 | apps/api:v1.0 |`,
    );
    const report = JSON.parse(failing.outputs.result ?? '') as object;
    expect(report).toMatchObject({ action: 'verify', counts: { wouldChange: 1 } });
    expect(patches()).toEqual([]);
    expect(manifestState(emu.store, 'apps/api', digest)).toBe('W+ D+ R+ L+');

    expect((await action({ ...SELECTION, action: 'sweep' })).code).toBe(0);
    emu.clearRequestLog();
    const passing = await action(SELECTION);
    expect(passing.code).toBe(0);
    expect(passing.outputs).toMatchObject({ selected: '2', changed: '0', unchanged: '2', mismatched: '0' });
    expect(errors(passing)).toEqual([]);
    expect(patches()).toEqual([]);
  });

  test('a policy file: first match wins, excluded tags are not judged', async () => {
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag: 'v2.0-rc1' } }), 'v2.0-rc1');
    const policy = join(dir, 'verify-policy.yml');
    await writeFile(
      policy,
      [
        'rules:',
        "  - { name: candidates, repositories: 'apps/**', tags: '*-rc*', mode: delete-protect }",
        "  - { name: releases, repositories: 'apps/**', tags: 'v*', exclude: 'v1.1', mode: full-lock }",
      ].join('\n'),
    );
    const before = await action({ action: 'verify', policy });
    expect(before.code).toBe(1);
    expect(errors(before)).toContain(
      "apps/api:v2.0-rc1 is W+ D+ R+ L+; rule 1 'candidates' wants W+ D- R+ L+",
    );
    expect(errors(before)).toContain("apps/api:v1.0 is W+ D+ R+ L+; rule 2 'releases' wants W- D- R+ L+");
    expect(errors(before).filter((m) => m.includes('v1.1'))).toEqual([]);
    expect(before.outputs).toMatchObject({ selected: '4', mismatched: '4', kept: '1' });

    expect((await action({ action: 'sweep', policy })).code).toBe(0);
    emu.store.updateTagAttributes('apps/api', 'v1.1', { writeEnabled: false });
    emu.clearRequestLog();
    const after = await action({ action: 'verify', policy });
    expect(after.code).toBe(0);
    expect(after.outputs).toMatchObject({ selected: '4', unchanged: '4', mismatched: '0', kept: '1' });
    expect(patches()).toEqual([]);
  });

  test('image and repository together: one input error naming both, nothing sent', async () => {
    const run = await action({ action: 'verify', image: 'apps/api:v1.0', repository: 'apps/api' });
    expect(run.code).toBe(1);
    expect(errors(run)).toEqual([
      "Input 'image': cannot be combined with repository; action: verify checks either named images or a selection (policy or repository), not both",
    ]);
    expect(emu.requestLog).toHaveLength(0);
  });
});
