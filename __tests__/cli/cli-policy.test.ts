// sweep, enforce and audit through the CLI (cliMain in process) against the emulator over HTTPS.
// Effects are read back from the emulator's store; the policy and checkpoint are real files.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliMain } from '../../src/cli/program.js';
import { emulatorFlags } from './cli-run.js';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';
import {
  buildImage,
  buildIndex,
  startEmulator,
  storeBuilt,
  type RunningEmulator,
} from '../../src/emulator/index.js';

let emu: RunningEmulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ seed: false, admin: { username: 'admin', password: 'S3cret-admin-pass' } });
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-policy-'));
});
afterAll(async () => {
  await emu.close();
  await rm(dir, { recursive: true, force: true });
});

const LOCKED: LockAttributes = { ...DEFAULT_ATTRIBUTES, writeEnabled: false, deleteEnabled: false };
let index: { digest: string; children: string[] };

beforeEach(() => {
  for (const repository of emu.store.listRepositories()) emu.store.deleteRepository(repository);
  for (const tag of ['v1.0', 'v1.1', 'v2.0-rc1', 'dev', 'latest', 'v1.0-patched']) {
    storeBuilt(emu.store, 'apps/api', buildImage({ files: { tag } }), tag);
  }
  const built = buildIndex([
    { image: buildImage({ architecture: 'amd64' }), architecture: 'amd64', os: 'linux' },
    { image: buildImage({ architecture: 'arm64' }), architecture: 'arm64', os: 'linux' },
  ]);
  storeBuilt(emu.store, 'apps/web', built, 'v3.0');
  index = { digest: built.digest, children: built.children.map((c) => c.digest) };
  storeBuilt(emu.store, 'sandbox/tmp', buildImage({ files: { s: '1' } }), 'v1.0');
  emu.clearRequestLog();
});

const connection = () => emulatorFlags(emu);

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await cliMain([...args, ...connection()], {
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFile(p, 'utf8'),
  });
  return { code, stdout, stderr };
}

function tagState(repository: string, tag: string): LockAttributes {
  const record = emu.store.getTag(repository, tag);
  if (!record) throw new Error(`no tag ${repository}:${tag}`);
  const { writeEnabled, deleteEnabled, readEnabled, listEnabled } = record.attributes;
  return { writeEnabled, deleteEnabled, readEnabled, listEnabled };
}
function manifestState(repository: string, digest: string): LockAttributes {
  const record = emu.store.getManifest(repository, digest);
  if (!record) throw new Error(`no manifest ${repository}@${digest}`);
  const { writeEnabled, deleteEnabled, readEnabled, listEnabled } = record.attributes;
  return { writeEnabled, deleteEnabled, readEnabled, listEnabled };
}
const writes = () => emu.requestLog.filter((e) => e.kind === 'write').length;

async function policyFile(text: string): Promise<string> {
  const path = join(dir, `policy-${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(path, text, 'utf8');
  return path;
}

const POLICY = [
  'rules:',
  "  - { name: sandbox, repositories: 'sandbox/**', ignore: true }",
  "  - { name: candidates, repositories: 'apps/**', tags: '*-rc*', mode: delete-protect }",
  "  - { name: releases, repositories: '**', tags: 'v*', exclude: 'v1.1', mode: full-lock }",
].join('\n');

describe('acr-lock sweep', () => {
  test('first match wins, exclusions and default exemptions hold, index children follow; a re-run writes nothing', async () => {
    const policy = await policyFile(POLICY);
    const { code, stdout, stderr } = await cli('sweep', '--policy', policy);
    // The one thing on stderr: how many manifests purge and retention will now skip, as the store has them.
    const locked = emu.store
      .listRepositories()
      .flatMap((r) => emu.store.listManifests(r))
      .filter((m) => !m.attributes.writeEnabled || !m.attributes.deleteEnabled).length;
    expect(stderr).toMatch(
      new RegExp(`^warning: ${locked} locked manifest\\(s\\)[^\\n]*acr purge[^\\n]*\\n$`),
    );
    expect(code).toBe(0);
    expect(tagState('apps/api', 'v1.0')).toEqual(LOCKED);
    expect(tagState('apps/api', 'v2.0-rc1')).toEqual({ ...DEFAULT_ATTRIBUTES, deleteEnabled: false });
    expect(tagState('apps/api', 'v1.1')).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState('apps/api', 'v1.0-patched')).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState('apps/api', 'latest')).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState('sandbox/tmp', 'v1.0')).toEqual(DEFAULT_ATTRIBUTES);
    expect(manifestState('apps/web', index.digest)).toEqual(LOCKED);
    for (const child of index.children) expect(manifestState('apps/web', child)).toEqual(LOCKED);
    expect(stdout).toContain('excluded by v1.1');
    expect(stdout).toMatch(/✅ sweep: \d+ selected, \d+ changed, 0 unchanged, 3 kept, 0 failed\./);

    emu.clearRequestLog();
    const again = await cli('sweep', '--policy', policy);
    expect(again.code).toBe(0);
    expect(writes()).toBe(0);
    expect(again.stdout).toMatch(/0 changed/);
  });

  test('without a policy file: one rule from --repository, --include, --exclude and --mode', async () => {
    const { code } = await cli(
      'sweep',
      '--repository',
      'apps/api',
      '--include',
      'v*',
      '--exclude',
      'v1.1',
      '--mode',
      'lock',
    );
    expect(code).toBe(0);
    expect(tagState('apps/api', 'v1.0')).toEqual(LOCKED);
    expect(tagState('apps/api', 'v1.1')).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState('apps/web', 'v3.0')).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('--older-than: tags pushed just now are left for a later sweep', async () => {
    const { code } = await cli('sweep', '--repository', 'apps/api', '--older-than', '2h');
    expect(code).toBe(0);
    expect(tagState('apps/api', 'v1.0')).toEqual(DEFAULT_ATTRIBUTES);
    expect(writes()).toBe(0);
  });

  test('a bulk unlock is refused before any request unless --allow-bulk-unlock', async () => {
    const refused = await cli('sweep', '--repository', 'apps/api', '--mode', 'unlock');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "acr-lock: Option '--mode': 'unlock' would make every tag it matches deletable again: set --allow-bulk-unlock to allow a bulk unlock",
    );
    expect(emu.requestLog).toHaveLength(0);
    const allowed = await cli('sweep', '--repository', 'apps/api', '--mode', 'unlock', '--allow-bulk-unlock');
    expect(allowed.code).toBe(0);
  });

  test('a policy file that breaks the schema: one message naming the rule and the field, nothing sent', async () => {
    const policy = await policyFile(
      "rules:\n  - name: releases\n    repositories: '**'\n    mode: lock\n    olderThan: 2 days\n",
    );
    const { code, stderr } = await cli('sweep', '--policy', policy);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `acr-lock: Policy ${policy} (line 5), rule 1 'releases', field 'olderThan': an age is a whole number followed by m, h, d or w (minutes, hours, days, weeks), e.g. 2h or 30d\n`,
    );
    expect(emu.requestLog).toHaveLength(0);
  });

  test('rows go out at the pace standard output takes them: while it is full, no further write starts', async () => {
    for (let i = 0; i < 30; i += 1)
      storeBuilt(emu.store, 'apps/rows', buildImage({ files: { row: String(i) } }), `v${i}`);
    let full = true;
    let drain = (): void => undefined;
    const drained = new Promise<void>((resolve) => (drain = resolve));
    let stdout = '';
    const run = cliMain(['sweep', '--repository', 'apps/rows', '--concurrency', '4', ...connection()], {
      env: {},
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      stdoutDrained: () => (full ? drained : Promise.resolve()),
      readFile: (p) => readFile(p, 'utf8'),
    });
    // Until the first write, then until the writes in flight have settled: each then waits for its
    // row to be taken.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 250));
    for (let waited = 0; writes() === 0 && waited < 40; waited += 1) await pause();
    let settled = -1;
    while (writes() !== settled) {
      settled = writes();
      await pause();
    }
    expect(settled).toBeGreaterThan(0);
    expect(settled).toBeLessThanOrEqual(4);
    full = false;
    drain();
    expect(await run).toBe(0);
    // 30 tags and their 30 manifests, each written and printed once.
    expect(writes()).toBe(60);
    expect(stdout.split('\n').filter((line) => line.includes('apps/rows'))).toHaveLength(60);
  });

  test('--dry-run writes nothing and says what would change', async () => {
    const { code, stdout } = await cli('sweep', '--repository', 'apps/api', '--include', 'v1.0', '--dry-run');
    expect(code).toBe(0);
    expect(stdout).toContain('would-change tag      apps/api:v1.0');
    expect(writes()).toBe(0);
  });
});

describe('acr-lock enforce', () => {
  test('--watch repeats passes until the wait is interrupted; each pass starts from the last checkpoint', async () => {
    const checkpoint = join(dir, `checkpoint-${Math.random().toString(36).slice(2)}.json`);
    const policy = await policyFile(POLICY);
    const waits: number[] = [];
    let stdout = '';
    const code = await cliMain(
      ['enforce', '--policy', policy, '--checkpoint', checkpoint, '--watch', '30s', ...connection()],
      {
        env: {},
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        readFile: (p) => readFile(p, 'utf8'),
        // The first wait ends normally (a push lands meanwhile), the second is interrupted.
        sleep: async (ms) => {
          waits.push(ms);
          if (waits.length === 1)
            storeBuilt(emu.store, 'apps/api', buildImage({ files: { n: 'watched' } }), 'v7.0');
          return waits.length === 1;
        },
      },
    );
    expect(code).toBe(0);
    expect(waits).toEqual([30_000, 30_000]);
    const verdicts = stdout.split('\n').filter((line) => line.startsWith('✅ enforce:'));
    expect(verdicts).toHaveLength(2);
    expect(verdicts[1]).toBe('✅ enforce: 2 selected, 2 changed, 0 unchanged, 0 kept, 0 failed.');
    expect(tagState('apps/api', 'v7.0')).toEqual(LOCKED);
  });

  test('--watch takes an interval such as 30s, 5m or 1h', async () => {
    const { code, stderr } = await cli('enforce', '--repository', 'apps/api', '--watch', 'often');
    expect(code).toBe(2);
    expect(stderr).toBe("acr-lock: Option '--watch': 'often' — an interval such as 30s, 5m or 1h\n");
    expect(emu.requestLog).toHaveLength(0);
  });

  test('the first pass is a full sweep and writes the checkpoint; the next reads only new pushes; it survives a restart', async () => {
    const checkpoint = join(dir, `checkpoint-${Math.random().toString(36).slice(2)}.json`);
    const policy = await policyFile(POLICY);
    const first = await cli('enforce', '--policy', policy, '--checkpoint', checkpoint);
    expect(first.code).toBe(0);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as { version: number; repositories: object };
    expect(saved.version).toBe(1);
    expect(Object.keys(saved.repositories).sort()).toEqual(['apps/api', 'apps/web', 'sandbox/tmp']);

    storeBuilt(emu.store, 'apps/api', buildImage({ files: { n: 'new' } }), 'v9.0');
    emu.clearRequestLog();
    const next = await cli('enforce', '--policy', policy, '--checkpoint', checkpoint);
    expect(next.code).toBe(0);
    expect(tagState('apps/api', 'v9.0')).toEqual(LOCKED);
    // One newest-first page per repository, stopped at the checkpoint.
    expect(
      emu.requestLog
        .filter((e) => e.path.endsWith('/_tags'))
        .map((e) => e.repository)
        .sort(),
    ).toEqual(['apps/api', 'apps/web', 'sandbox/tmp']);
    expect(next.stdout).toContain('✅ enforce: 2 selected, 2 changed, 0 unchanged, 0 kept, 0 failed.');
  });

  test('a changed policy makes the next pass a full one', async () => {
    const checkpoint = join(dir, `checkpoint-${Math.random().toString(36).slice(2)}.json`);
    await cli('enforce', '--policy', await policyFile(POLICY), '--checkpoint', checkpoint);
    const other = await policyFile(`${POLICY}\n  - { repositories: '**', tags: dev, mode: hide }\n`);
    const next = await cli('enforce', '--policy', other, '--checkpoint', checkpoint);
    expect(next.code).toBe(0);
    expect(tagState('apps/api', 'dev')).toEqual({ ...DEFAULT_ATTRIBUTES, listEnabled: false });
  });
});

describe('acr-lock sweep: what a run says beyond its rows', () => {
  afterEach(() => emu.faults.clear());

  test('the overall timeout ran out: exit 1, and the timeout named', async () => {
    emu.faults.add({ match: { method: 'PATCH' }, fault: { kind: 'delay', ms: 20_000 } });
    const run = await cli('sweep', '--repository', 'apps/api', '--timeout', '2s');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: acr-lock: timeout: The overall timeout (2 s) ran out; the report shows what was done before it.',
    );
  });

  test('a registry certificate this machine does not trust: how to trust it, and nothing changed', async () => {
    let stderr = '';
    const code = await cliMain(
      [
        'sweep',
        '--repository',
        'apps/api',
        '--registry',
        emu.loginServer,
        '-u',
        'admin',
        '-p',
        'S3cret-admin-pass',
      ],
      {
        env: {},
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        readFile: (p) => readFile(p, 'utf8'),
      },
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      "error: acr-lock: untrusted certificate: The registry's certificate is signed by a CA this machine does not " +
        "trust: give that CA's certificate (PEM file) with --ca-cert <path>.",
    );
    expect(tagState('apps/api', 'v1.0')).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('acr-lock audit', () => {
  test('finds a tag locked without its manifest; --fail-on-findings makes it a gate; CSV and JSON', async () => {
    const v1 = emu.store.getTag('apps/api', 'v1.0');
    emu.store.updateTagAttributes('apps/api', 'v1.0', { writeEnabled: false, deleteEnabled: false });
    const table = await cli('audit', '--repository', 'apps/api');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      `finding tag-locked-manifest-open apps/api:v1.0: the tag has write disabled and delete disabled but its manifest ${v1?.digest}`,
    );

    const gate = await cli('audit', '--repository', 'apps/api', '--fail-on-findings');
    expect(gate.code).toBe(1);

    const csv = await cli('audit', '--repository', 'apps/api', '--format', 'csv');
    expect(csv.stdout.split('\r\n')[0]).toBe(
      '"kind","repository","tag","digest","writeEnabled","deleteEnabled","readEnabled","listEnabled","findings"',
    );
    expect(csv.stdout).toContain('"tag","apps/api","v1.0"');
    const json = await cli('audit', '--repository', 'apps/api', '--format', 'json');
    expect((JSON.parse(json.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
    expect(writes()).toBe(0);
  });

  test('a repository it cannot read: exit 1, and why on standard error, whatever the format', async () => {
    emu.faults.add({
      match: { path: /\/apps\/api\/_tags$/ },
      times: 3,
      fault: { kind: 'status', status: 403 },
    });
    for (const format of ['csv', 'json', 'table']) {
      const run = await cli('audit', '--repository', 'apps/api', '--format', format);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: acr-lock: apps\/api not read: .*access denied/m);
    }
    expect(writes()).toBe(0);
  });

  test('drift: with a policy, tags a rule applies to but not in its mode', async () => {
    const policy = await policyFile(POLICY);
    const { code, stdout } = await cli('audit', '--policy', policy, '--fail-on-findings');
    expect(code).toBe(1);
    expect(stdout).toContain("finding drift apps/api:v1.0: matches rule 3 'releases' (full-lock)");
    await cli('sweep', '--policy', policy);
    const after = await cli('audit', '--policy', policy, '--fail-on-findings');
    expect(after.code).toBe(0);
  });
});

describe('acr-lock verify over a selection', () => {
  const SELECTION = ['--repository', 'apps/api', '--include', 'v*', '--exclude', 'v1.1'];
  const patches = () => emu.requestLog.filter((e) => e.method === 'PATCH');
  // A sweep's plan reads the catalog and listing pages, never one tag or manifest at a time.
  const notListings = () =>
    emu.requestLog.filter((e) => e.kind === 'read' && !/\/(_catalog|_tags|_manifests)$/.test(e.path));

  test('fails naming the selected manifest left unlocked, passes after a sweep; writes nothing either time', async () => {
    expect((await cli('sweep', ...SELECTION)).code).toBe(0);
    const digest = emu.store.getTag('apps/api', 'v1.0')?.digest ?? '';
    emu.store.updateManifestAttributes('apps/api', digest, { writeEnabled: true, deleteEnabled: true });
    emu.clearRequestLog();

    const failing = await cli('verify', ...SELECTION);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      `mismatch     manifest apps/api@${digest} W+ D+ R+ L+ → W- D- R+ L+  (rule 1; apps/api:v1.0)\n`,
    );
    expect(failing.stderr).toBe(
      `error: acr-lock: not as its rule wants: apps/api@${digest} is W+ D+ R+ L+; rule 1 wants W- D- R+ L+ (through apps/api:v1.0)\n`,
    );
    expect(failing.stdout).toContain('❌ verify: 4 selected, 1 mismatched, 3 unchanged, 2 kept, 0 failed.\n');
    expect(patches()).toEqual([]);
    expect(writes()).toBe(0);
    expect(notListings()).toEqual([]);
    expect(manifestState('apps/api', digest)).toEqual(DEFAULT_ATTRIBUTES);

    expect((await cli('sweep', ...SELECTION)).code).toBe(0);
    expect(manifestState('apps/api', digest)).toEqual(LOCKED);
    emu.clearRequestLog();
    const passing = await cli('verify', ...SELECTION, '--json');
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.stdout)).toEqual({
      counts: { selected: 4, changed: 0, unchanged: 4, wouldChange: 0, kept: 2, failed: 0 },
      ok: true,
    });
    expect(patches()).toEqual([]);
    expect(notListings()).toEqual([]);
  });

  test('a policy file: first match wins and excluded tags are not judged', async () => {
    const policy = await policyFile(POLICY);
    const before = await cli('verify', '--policy', policy);
    expect(before.code).toBe(1);
    // v2.0-rc1 is a candidate (rule 2), not a release (rule 3): delete-protect is what it lacks.
    expect(before.stdout).toContain(
      "mismatch     tag      apps/api:v2.0-rc1 W+ D+ R+ L+ → W+ D- R+ L+  (rule 2 'candidates')\n",
    );
    expect(before.stdout).toContain(
      "mismatch     tag      apps/api:v1.0 W+ D+ R+ L+ → W- D- R+ L+  (rule 3 'releases')\n",
    );
    expect(before.stderr).toContain("apps/api:v1.0 is W+ D+ R+ L+; rule 3 'releases' wants W- D- R+ L+\n");
    expect(before.stdout).toContain(
      "kept         tag      apps/api:v1.1 W+ D+ R+ L+ → W+ D+ R+ L+  (rule 3 'releases'; excluded by v1.1)",
    );
    expect(writes()).toBe(0);
    expect(tagState('apps/api', 'v1.0')).toEqual(DEFAULT_ATTRIBUTES);

    expect((await cli('sweep', '--policy', policy)).code).toBe(0);
    // Whatever an excluded or ignored tag is, the gate leaves it to its owner.
    emu.store.updateTagAttributes('apps/api', 'v1.1', { writeEnabled: false });
    emu.store.updateTagAttributes('sandbox/tmp', 'v1.0', { deleteEnabled: false });
    emu.clearRequestLog();
    const after = await cli('verify', '--policy', policy);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(
      /✅ verify: \d+ selected, 0 mismatched, \d+ unchanged, 3 kept, 0 failed\.\n$/,
    );
    expect(writes()).toBe(0);
  });

  test('annotates the first 100 mismatches and counts the rest; the rows list them all', async () => {
    for (let i = 0; i < 60; i += 1)
      storeBuilt(emu.store, 'apps/many', buildImage({ files: { many: String(i) } }), `v${i}`);
    // 60 tags and their 60 manifests, none locked.
    const run = await cli('verify', '--repository', 'apps/many');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('mismatch '))).toHaveLength(120);
    const errors = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('error: acr-lock: not as its rule wants: '));
    expect(errors).toHaveLength(100);
    expect(run.stderr).toContain(
      '…and 20 more about single objects, not annotated: the report lists them all.\n',
    );
    expect(writes()).toBe(0);
  });

  test('an unlocking rule needs no --allow-bulk-unlock: verify only checks it', async () => {
    const open = await cli('verify', '--repository', 'apps/api', '--mode', 'unlock');
    expect(open.code).toBe(0);
    emu.store.updateTagAttributes('apps/api', 'v1.0', { deleteEnabled: false });
    const locked = await cli('verify', '--repository', 'apps/api', '--mode', 'unlock');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('apps/api:v1.0 is W+ D- R+ L+; rule 1 wants W+ D+ R+ L+\n');
    expect(writes()).toBe(0);
  });

  test('images and a selection together: one input error naming both, nothing sent', async () => {
    const { code, stdout, stderr } = await cli('verify', 'apps/api:v1.0', '--repository', 'apps/api');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "acr-lock: Argument '<image...>': cannot be combined with --repository; acr-lock verify checks either named images or a selection (--policy or --repository), not both\n",
    );
    expect(emu.requestLog).toHaveLength(0);

    const narrowed = await cli('verify', '--repository', 'apps/api', '--no-lock-manifest');
    expect(narrowed.code).toBe(2);
    expect(narrowed.stderr).toBe(
      "acr-lock: Option '--no-lock-manifest': is for verifying named images; over a selection (--policy or --repository) each tag's rule decides what is checked, as acr-lock sweep would\n",
    );
    const neither = await cli('verify');
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('or give --policy or --repository to verify every tag they select');
    expect(emu.requestLog).toHaveLength(0);
  });

  test('what verify finds not as wanted is exactly what the sweep after it changes', async () => {
    const policy = await policyFile(POLICY);
    const counts = async (...args: string[]) =>
      (
        JSON.parse((await cli(...args, '--policy', policy, '--json')).stdout) as {
          counts: Record<string, number>;
        }
      ).counts;
    emu.store.updateTagAttributes('apps/api', 'v1.0', { writeEnabled: false, deleteEnabled: false });
    const verified = await counts('verify');
    const swept = await counts('sweep');
    expect(verified.wouldChange).toBeGreaterThan(0);
    expect(verified.wouldChange).toBe(swept.changed);
    expect(verified.selected).toBe(swept.selected);
    expect(verified.unchanged).toBe(swept.unchanged);
    expect(verified.kept).toBe(swept.kept);
  });
});
