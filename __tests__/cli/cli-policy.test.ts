// sweep, enforce and audit through the CLI (cliMain in process) against the emulator over HTTPS.
// Effects are read back from the emulator's store; the policy and checkpoint are real files.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
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
    expect(stderr).toBe('');
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
