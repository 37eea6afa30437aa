// The action as the runner runs it (dist/action/index.js, INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY),
// against the emulator with the admin user: every action, every preset, the other inputs, bad input.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SAMPLES } from '../../src/emulator/index.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { manifestState, repositoryState, resetAll, setImageState, tagState } from './registry-state.js';
import { emitted, emulatorInputs, runAction, type ActionRun } from './run-action.js';

const ADMIN = { username: 'admin', password: 'Adm1n-pass-Xq7rT2' };
const emu = withEmulator({ admin: ADMIN });
const { plain, multiArch } = SAMPLES;
const hello = `${plain.repository}:${plain.tag}`;

beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
});

/** The action with the emulator as registry, the admin user, and its CA through the `ca-cert` input. */
function action(inputs: Partial<Record<InputName, string>>): Promise<ActionRun> {
  return runAction({
    inputs: { ...emulatorInputs(emu), ...inputs },
  });
}

const writes = () => emu.requestLog.filter((r) => r.kind === 'write');

function expectMaskedFirst(run: ActionRun): void {
  expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${ADMIN.password}`);
  expect(emitted(run)).not.toContain(ADMIN.password);
}

describe('actions', () => {
  test('apply locks an index, its platform manifests and the tag; outputs, summary and masking as on a runner', async () => {
    const run = await action({ image: `${multiArch.repository}:${multiArch.tag}`, 'lock-mode': 'full-lock' });

    expect(run.code).toBe(0);
    expect(tagState(emu.store, multiArch.repository, multiArch.tag)).toBe('W- D- R+ L+');
    for (const digest of [multiArch.digest, ...multiArch.children]) {
      expect(manifestState(emu.store, multiArch.repository, digest)).toBe('W- D- R+ L+');
    }
    expect(run.outputs).toMatchObject({
      digest: multiArch.digest,
      digests: JSON.stringify({ [`${multiArch.repository}:${multiArch.tag}`]: multiArch.digest }),
      changed: '4',
      locked: 'true',
    });
    const result = JSON.parse(run.outputs.result ?? '') as { ok: boolean; items: Array<{ status: string }> };
    expect(result.ok).toBe(true);
    expect(result.items.map((i) => i.status)).toEqual(['changed', 'changed', 'changed', 'changed']);
    expect(run.summary).toContain('### acr-lock: apply `full-lock`');
    expect(run.summary).toContain('| Object | What | Digest | Before → after | Status |');
    expect(run.summary).toContain(
      `| \`${emu.loginServer}/${multiArch.repository}:${multiArch.tag}\` | tag | \`${multiArch.digest.slice(7, 19)}\` | \`W+ D+ R+ L+\` → \`W- D- R+ L+\` | changed |`,
    );
    expect(run.summary.match(/\| manifest \(index child\) \|/g)).toHaveLength(2);
    // Grouped: the tag, its manifest indented under it, the index children under that.
    const objects = run.summary
      .split('\n')
      .filter((line) => /^\| .*`/.test(line) && !line.startsWith('| Object'))
      .map((line) => line.split(' | ')[0]?.slice(2));
    const nbsp = '\u00a0';
    expect(objects).toEqual([
      `\`${emu.loginServer}/${multiArch.repository}:${multiArch.tag}\``,
      `${nbsp.repeat(2)}\`@${multiArch.digest.slice(0, 19)}\``,
      ...multiArch.children.map((c) => `${nbsp.repeat(4)}\`@${c.slice(0, 19)}\``),
    ]);
    expect(run.summary).toContain(
      '**✅ full-lock applied — 4 object(s) (1 tag, 1 manifest, 2 platform manifests): 4 changed, 0 unchanged.**',
    );
    expect(run.annotations).toEqual([]);
    expectMaskedFirst(run);

    emu.clearRequestLog();
    const again = await action({ image: `${multiArch.repository}:${multiArch.tag}` });
    expect(again.code).toBe(0);
    expect(again.outputs).toMatchObject({ changed: '0', locked: 'true' });
    expect(writes()).toEqual([]);
  });

  test('show reports the current attributes and writes nothing', async () => {
    const run = await action({ image: hello, action: 'show' });
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(run.outputs).toMatchObject({ digest: plain.digest, changed: '0', locked: 'false' });
    expect(run.summary).toContain('### acr-lock: show `full-lock`');
    expect(run.summary).toContain('**ℹ️ current attributes (compared with full-lock)');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });

  test('verify fails the step while the image is not locked (a release gate), passes once it is', async () => {
    const gate = await action({ image: hello, action: 'verify' });
    expect(gate.code).toBe(1);
    expect(writes()).toEqual([]);
    expect(gate.outputs.locked).toBe('false');
    const ref = `${emu.loginServer}/${plain.repository}:${plain.tag}`;
    expect(gate.annotations).toContainEqual({
      level: 'error',
      title: `acr-lock: ${ref} not full-lock`,
      message: `${ref}: write: enabled, want disabled; delete: enabled, want disabled.`,
    });
    expect(gate.annotations).toContainEqual({
      level: 'error',
      title: 'acr-lock failed',
      message:
        '❌ not every object matches full-lock — 2 object(s) (1 tag, 1 manifest): 0 changed, 0 unchanged, 2 not as desired.',
    });
    expect(gate.summary).toContain('**❌ not every object matches full-lock');

    setImageState(emu.store, plain.repository, plain.tag, 'W- D- R+ L+');
    const pass = await action({ image: hello, action: 'verify' });
    expect(pass.code).toBe(0);
    expect(pass.outputs.locked).toBe('true');
    expect(pass.annotations).toEqual([]);
  });

  test('dry-run prints the plan and writes nothing', async () => {
    const run = await action({ image: hello, action: 'dry-run', 'lock-mode': 'quarantine' });
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
    expect(run.summary).toContain('`W+ D+ R+ L+` → `W+ D- R- L+` | would-change |');
    expect(run.summary).toContain('**📝 dry run of quarantine: nothing written');
  });
});

describe('presets', () => {
  test.each([
    // mode, overrides, state before, state after (tag and manifest)
    ['full-lock', {}, 'W+ D+ R+ L+', 'W- D- R+ L+'],
    ['lock', {}, 'W+ D+ R+ L+', 'W- D- R+ L+'],
    ['immutable', {}, 'W+ D+ R+ L+', 'W- D- R+ L+'],
    ['delete-protect', {}, 'W- D+ R+ L+', 'W+ D- R+ L+'],
    ['quarantine', {}, 'W+ D+ R+ L+', 'W+ D- R- L+'],
    ['release', {}, 'W+ D- R- L+', 'W+ D- R+ L+'],
    ['hide', {}, 'W+ D+ R+ L+', 'W+ D+ R+ L-'],
    ['unlock', {}, 'W- D- R+ L+', 'W+ D+ R+ L+'],
    ['reset', {}, 'W- D- R- L-', 'W+ D+ R+ L+'],
    ['custom', { 'read-enabled': 'false', 'list-enabled': 'FALSE' }, 'W+ D+ R+ L+', 'W+ D+ R- L-'],
    ['full-lock', { 'delete-enabled': 'true' }, 'W+ D- R+ L+', 'W- D+ R+ L+'],
  ] as const)('%s %j: %s → %s', async (mode, overrides, before, after) => {
    setImageState(emu.store, plain.repository, plain.tag, before);
    const run = await action({ image: hello, 'lock-mode': mode, ...overrides });
    expect(run.code).toBe(0);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe(after);
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe(after);
    expect(run.outputs).toMatchObject({ locked: 'true', changed: '2' });
  });
});

describe('inputs', () => {
  test('tag: several tags of a repository; lock-manifest: false leaves the manifest alone', async () => {
    emu.store.setTag(plain.repository, 'stable', plain.digest);
    const run = await action({ image: plain.repository, tag: '1.0,\nstable', 'lock-manifest': 'false' });
    expect(run.code).toBe(0);
    expect(tagState(emu.store, plain.repository, '1.0')).toBe('W- D- R+ L+');
    expect(tagState(emu.store, plain.repository, 'stable')).toBe('W- D- R+ L+');
    expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W+ D+ R+ L+');
    expect(JSON.parse(run.outputs.digests ?? '')).toEqual({
      [`${plain.repository}:1.0`]: plain.digest,
      [`${plain.repository}:stable`]: plain.digest,
    });
    emu.store.deleteTag(plain.repository, 'stable');
  });

  test('include-referrers: the signature and the SBOM are locked with the image', async () => {
    const { signed } = SAMPLES;
    const run = await action({ image: `${signed.repository}:${signed.tag}`, 'include-referrers': 'true' });
    expect(run.code).toBe(0);
    for (const digest of [signed.digest, ...signed.referrers]) {
      expect(manifestState(emu.store, signed.repository, digest)).toBe('W- D- R+ L+');
    }
    expect(run.summary).toContain('(application/spdx+json, referrers API)');
  });

  test('image: one reference per line, each with its own login server, and a digest reference', async () => {
    const run = await runAction({
      inputs: {
        image: `${emu.loginServer}/${hello}\n${emu.loginServer}/${multiArch.repository}@${multiArch.digest}\n`,
        username: ADMIN.username,
        password: ADMIN.password,
        'ca-cert': emu.caCertPath,
        'lock-mode': 'delete-protect',
      },
    });
    expect(run.code).toBe(0);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D- R+ L+');
    expect(manifestState(emu.store, multiArch.repository, multiArch.digest)).toBe('W+ D- R+ L+');
    expect(tagState(emu.store, multiArch.repository, multiArch.tag)).toBe('W+ D+ R+ L+');
    expect(JSON.parse(run.outputs.digests ?? '')).toEqual({
      [`${emu.loginServer}/${hello}`]: plain.digest,
      [`${emu.loginServer}/${multiArch.repository}@${multiArch.digest}`]: multiArch.digest,
    });
  });

  test('scope: repository changes the repository itself, not its tags', async () => {
    const run = await action({ image: plain.repository, scope: 'repository', 'lock-mode': 'delete-protect' });
    expect(run.code).toBe(0);
    expect(repositoryState(emu.store, plain.repository)).toBe('W+ D- R+ L+');
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });

  test.each([
    [{ image: 'samples/hello:' }, "Input 'image'"],
    [{ image: plain.repository }, "Input 'image'"],
    [{ 'lock-mode': 'freeze' }, "Input 'lock-mode': 'freeze'"],
    [
      { 'lock-mode': 'custom' },
      "Input 'lock-mode': 'custom' needs at least one of write-enabled, delete-enabled, read-enabled, list-enabled set",
    ],
    [{ 'max-concurrency': 'x' }, "Input 'max-concurrency': 'x' — expected a whole number from 1 to 64"],
    [{ 'lock-manifest': 'perhaps' }, "Input 'lock-manifest'"],
    [{ action: 'destroy' }, "Input 'action'"],
    [{ scope: 'everything' }, "Input 'scope'"],
    [{ 'write-enabled': 'maybe' }, "Input 'write-enabled'"],
    [{ cloud: 'Mars' }, "Input 'cloud'"],
    [
      { 'client-id': '11111111-2222-3333-4444-555555555555' },
      "Input 'username': cannot be combined with client-id",
    ],
    [{ password: '' }, "Input 'password': is required when username is set"],
    [{ 'ca-cert': '/nonexistent/ca.pem' }, "Input 'ca-cert': cannot read '/nonexistent/ca.pem'"],
  ] as Array<[Partial<Record<InputName, string>>, string]>)(
    'bad input %j: exit 1, names the input, sends nothing',
    async (inputs, named) => {
      const run = await action({ image: hello, ...inputs });
      expect(run.code).toBe(1);
      const failure = run.annotations.find((a) => a.title === 'acr-lock failed');
      expect(failure?.message).toContain(named);
      expect(run.summary).toContain(named);
      expect(run.outputs).toEqual({});
      expect(emu.requestLog).toEqual([]);
      expect(emitted(run)).not.toContain(ADMIN.password);
    },
  );
});

test('a registry whose CA the runner does not trust: the annotation points at the ca-cert input', async () => {
  const run = await action({ image: hello, 'ca-cert': '' });
  expect(run.code).toBe(1);
  expect(run.annotations).toContainEqual({
    level: 'error',
    title: 'acr-lock: untrusted certificate',
    message:
      "The registry's certificate is signed by a CA the runner does not trust: commit that CA's certificate " +
      '(PEM) to the repository and give its path in the `ca-cert` input.',
  });
  expect(emitted(run)).not.toContain('--use-system-ca');
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
});

test('a long run logs a count line at most every few seconds', async () => {
  const delay = emu.faults.add({
    match: { method: 'GET', path: /^\/acr\/v1\/.*\/_tags\// },
    fault: { kind: 'delay', ms: 2100 },
  });
  try {
    const images = [plain, multiArch, SAMPLES.signed].map((s) => `${s.repository}:${s.tag}`).join('\n');
    const run = await action({ image: images, 'max-concurrency': '1' });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('acr-lock: '));
    // Three reads of 2.1 s each, one at a time: a line once 5 s have passed, none sooner, one per 5 s.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const line of lines)
      expect(line).toMatch(/^acr-lock: (reading [23]\/3 images|writing \d+\/\d+ objects)$/);
  } finally {
    delay.remove();
  }
});
