// The core with the real @azure/container-registry client over HTTPS against the emulator.
// Every assertion about effects reads the registry state back from the emulator's store.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startEmulator, SAMPLES, type RunningEmulator } from '../../src/emulator/index.js';
import { parseSettings } from '../../src/core/settings/parse-settings.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { processTargets } from '../../src/core/process-targets.js';
import { SdkRegistryClient } from '../../src/acr/sdk-registry-client.js';
import type { RegistryAccess, TokenSource } from '../../src/acr/token-source.js';
import { PRESETS, MODES, type Mode } from '../../src/core/model/modes.js';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({
    scopedTokens: [
      {
        username: 'reader',
        password: 'reader-secret',
        repositories: { 'samples/hello': ['metadata/read', 'content/read'] },
      },
    ],
  });
});
afterAll(() => emu.close());

const { plain, multiArch } = SAMPLES;

function attributes(record: { attributes: LockAttributes } | undefined): LockAttributes {
  if (!record) throw new Error('not in the registry');
  const { writeEnabled, deleteEnabled, readEnabled, listEnabled } = record.attributes;
  return { writeEnabled, deleteEnabled, readEnabled, listEnabled };
}
const tagState = (repo: string, tag: string) => attributes(emu.store.getTag(repo, tag));
const manifestState = (repo: string, digest: string) => attributes(emu.store.getManifest(repo, digest));

function resetAll(): void {
  for (const repo of emu.store.listRepositories()) {
    emu.store.updateRepositoryAttributes(repo, DEFAULT_ATTRIBUTES);
    for (const tag of emu.store.listTags(repo))
      emu.store.updateTagAttributes(repo, tag.name, DEFAULT_ATTRIBUTES);
    for (const m of emu.store.listManifests(repo))
      emu.store.updateManifestAttributes(repo, m.digest, DEFAULT_ATTRIBUTES);
  }
  emu.faults.clear();
  emu.clearRequestLog();
}
beforeEach(resetAll);

async function run(
  inputs: Partial<Record<InputName, string>>,
  source?: TokenSource,
  retryOptions: { maxRetries: number } = { maxRetries: 0 },
) {
  const settings = parseSettings((name) => ({ registry: emu.loginServer, ...inputs })[name]);
  const access: RegistryAccess = settings.action === 'apply' ? 'write' : 'read';
  const client = new SdkRegistryClient({
    loginServer: emu.loginServer,
    tokenSource: source ?? { kind: 'password', ...emu.admin },
    access,
    caCertPem: emu.caCertPem,
    transport: { maxRetries: retryOptions.maxRetries, retryDelayMs: 10 },
    referrers: settings.includeReferrers,
  });
  return processTargets(settings, () => client);
}

const expected = (mode: Mode, from: LockAttributes = DEFAULT_ATTRIBUTES): LockAttributes => ({
  ...from,
  ...PRESETS[mode],
});

describe('apply', () => {
  test('full-lock locks the tag and the manifest it points to, and reports both as changed', async () => {
    const report = await run({ image: `${plain.repository}:${plain.tag}`, 'lock-mode': 'full-lock' });
    expect(tagState(plain.repository, plain.tag)).toEqual(expected('full-lock'));
    expect(manifestState(plain.repository, plain.digest)).toEqual(expected('full-lock'));
    expect(report.items.map((i) => [i.kind, i.status])).toEqual([
      ['manifest', 'changed'],
      ['tag', 'changed'],
    ]);
    expect(report.ok).toBe(true);
    expect(report.locked).toBe(true);
    expect(report.digests).toEqual({ [`${plain.repository}:${plain.tag}`]: plain.digest });
  });

  test('a re-run writes nothing', async () => {
    await run({ image: `${plain.repository}:${plain.tag}` });
    emu.clearRequestLog();
    const again = await run({ image: `${plain.repository}:${plain.tag}` });
    expect(again.items.every((i) => i.status === 'unchanged')).toBe(true);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toHaveLength(0);
  });

  test('one token request per repository with the combined scope, and no challenges', async () => {
    await run({ image: `${plain.repository}:${plain.tag}` });
    const auth = emu.requestLog.filter((r) => r.kind === 'auth');
    expect(auth.map((r) => r.path.split('?')[0])).toEqual(['/oauth2/token']);
    expect(emu.requestLog.filter((r) => r.kind === 'challenge')).toHaveLength(0);
    expect(emu.requestLog.filter((r) => r.kind === 'read' || r.kind === 'write')).toHaveLength(4);
  });

  test.each(MODES.filter((m) => m !== 'custom'))(
    'preset %s sets exactly its attributes on tag and manifest',
    async (mode) => {
      const start: LockAttributes = {
        writeEnabled: false,
        deleteEnabled: true,
        readEnabled: false,
        listEnabled: false,
      };
      emu.store.updateTagAttributes(plain.repository, plain.tag, start);
      emu.store.updateManifestAttributes(plain.repository, plain.digest, start);
      const report = await run({ image: `${plain.repository}:${plain.tag}`, 'lock-mode': mode });
      expect(report.ok).toBe(true);
      expect(tagState(plain.repository, plain.tag)).toEqual(expected(mode, start));
      expect(manifestState(plain.repository, plain.digest)).toEqual(expected(mode, start));
    },
  );

  test('custom with overrides, and an override on top of a preset', async () => {
    await run({ image: `${plain.repository}:${plain.tag}`, 'lock-mode': 'custom', 'list-enabled': 'false' });
    expect(tagState(plain.repository, plain.tag)).toEqual({ ...DEFAULT_ATTRIBUTES, listEnabled: false });
    await run({
      image: `${plain.repository}:${plain.tag}`,
      'lock-mode': 'full-lock',
      'delete-enabled': 'true',
    });
    expect(manifestState(plain.repository, plain.digest)).toEqual({
      ...DEFAULT_ATTRIBUTES,
      listEnabled: false,
      writeEnabled: false,
    });
  });

  test('a multi-arch index: the tag, the index and every child manifest', async () => {
    const report = await run({ image: `${multiArch.repository}:${multiArch.tag}` });
    expect(
      report.items
        .filter((i) => i.role === 'child')
        .map((i) => i.digest)
        .sort(),
    ).toEqual([...multiArch.children].sort());
    for (const digest of [multiArch.digest, ...multiArch.children]) {
      expect(manifestState(multiArch.repository, digest)).toEqual(expected('full-lock'));
    }
    await run({ image: `${multiArch.repository}:${multiArch.tag}`, 'lock-mode': 'unlock' });
    for (const digest of [multiArch.digest, ...multiArch.children]) {
      expect(manifestState(multiArch.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
    }
    expect(tagState(multiArch.repository, multiArch.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('digests follow the order the user gave, not the processing order', async () => {
    const report = await run({
      image: `${plain.repository}:${plain.tag}\n${multiArch.repository}@${multiArch.digest}`,
    });
    expect(Object.entries(report.digests)).toEqual([
      [`${plain.repository}:${plain.tag}`, plain.digest],
      [`${multiArch.repository}@${multiArch.digest}`, multiArch.digest],
    ]);
  });

  test('include-referrers locks the signature and the SBOM with the image, in one token, and unlock frees them', async () => {
    const { signed } = SAMPLES;
    const report = await run({ image: `${signed.repository}:${signed.tag}`, 'include-referrers': 'true' });
    expect(report.ok).toBe(true);
    expect(
      report.items
        .filter((i) => i.role === 'referrer')
        .map((i) => i.digest)
        .sort(),
    ).toEqual([...signed.referrers].sort());
    for (const digest of [signed.digest, ...signed.referrers]) {
      expect(manifestState(signed.repository, digest)).toEqual(expected('full-lock'));
    }
    expect(emu.requestLog.filter((r) => r.kind === 'auth')).toHaveLength(1);
    expect(emu.requestLog.filter((r) => r.kind === 'challenge')).toHaveLength(0);
    await run({
      image: `${signed.repository}:${signed.tag}`,
      'include-referrers': 'true',
      'lock-mode': 'unlock',
    });
    for (const digest of [signed.digest, ...signed.referrers]) {
      expect(manifestState(signed.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
    }
  });

  test('without include-referrers the signature and SBOM are left alone', async () => {
    const { signed } = SAMPLES;
    await run({ image: `${signed.repository}:${signed.tag}` });
    for (const digest of signed.referrers)
      expect(manifestState(signed.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('referrers that cannot be listed are reported; the image itself is still locked', async () => {
    const { signed } = SAMPLES;
    // 404 is not a failure: it says the registry has no referrers API (the fallback tag is looked for).
    emu.faults.add({ match: { path: /\/referrers\// }, fault: { kind: 'status', status: 503 } });
    const report = await run({ image: `${signed.repository}:${signed.tag}`, 'include-referrers': 'true' });
    expect(report.ok).toBe(false);
    const failed = report.items.filter((i) => i.status === 'failed');
    expect(failed.map((i) => [i.role, i.error?.kind])).toEqual([['referrer', 'unavailable']]);
    expect(failed[0]?.error?.message).toContain(`the referrers of ${signed.digest} could not be listed`);
    expect(manifestState(signed.repository, signed.digest)).toEqual(expected('full-lock'));
  });

  test('lock-manifest false changes only the tag', async () => {
    await run({ image: `${plain.repository}:${plain.tag}`, 'lock-manifest': 'false' });
    expect(tagState(plain.repository, plain.tag)).toEqual(expected('full-lock'));
    expect(manifestState(plain.repository, plain.digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('a digest reference changes the manifest alone', async () => {
    await run({ image: `${plain.repository}@${plain.digest}` });
    expect(manifestState(plain.repository, plain.digest)).toEqual(expected('full-lock'));
    expect(tagState(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('tag@digest is refused when the tag points elsewhere, and nothing is written', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    const report = await run({ image: `${plain.repository}:${plain.tag}@${wrong}` });
    expect(report.ok).toBe(false);
    expect(report.items[0]?.error?.kind).toBe('digest-mismatch');
    expect(tagState(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
    expect(manifestState(plain.repository, plain.digest)).toEqual(DEFAULT_ATTRIBUTES);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toHaveLength(0);
  });

  test('tag@digest that matches is locked', async () => {
    const report = await run({ image: `${plain.repository}:${plain.tag}@${plain.digest}` });
    expect(report.ok).toBe(true);
    expect(tagState(plain.repository, plain.tag)).toEqual(expected('full-lock'));
  });

  test('scope repository changes the repository attributes only', async () => {
    await run({ image: plain.repository, scope: 'repository', 'lock-mode': 'delete-protect' });
    expect(attributes(emu.store.getRepository(plain.repository))).toEqual(expected('delete-protect'));
    expect(tagState(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('a token the registry stops accepting midway is renewed once and the write goes through', async () => {
    emu.faults.add({ match: { method: 'PATCH' }, times: 1, fault: { kind: 'status', status: 401 } });
    const report = await run({ image: `${plain.repository}:${plain.tag}` });
    expect(report.ok).toBe(true);
    expect(manifestState(plain.repository, plain.digest)).toEqual(expected('full-lock'));
    expect(emu.requestLog.filter((r) => r.kind === 'auth')).toHaveLength(2);
  });

  test('429 with Retry-After and a 503 are retried by the SDK pipeline; the run succeeds', async () => {
    emu.faults.add({
      match: { method: 'PATCH' },
      times: 1,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
    });
    emu.faults.add({ match: { method: 'GET' }, times: 1, fault: { kind: 'status', status: 503 } });
    const report = await run({ image: `${plain.repository}:${plain.tag}` }, undefined, { maxRetries: 3 });
    expect(report.ok).toBe(true);
    expect(tagState(plain.repository, plain.tag)).toEqual(expected('full-lock'));
    const statuses = emu.requestLog.filter((r) => r.kind !== 'auth').map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining([429, 503]));
  });

  test('a tag that moves while it is being locked fails the run and says where it went', async () => {
    const other = SAMPLES.signed;
    // Give samples/hello a second manifest to move to: push the signed image's bytes there.
    const moved = emu.store.putManifest(
      plain.repository,
      emu.store.getManifest(other.repository, other.digest)!.bytes,
    );
    emu.faults.add({
      match: { method: 'PATCH', path: /_tags\// },
      times: 1,
      fault: { kind: 'move-tag', repository: plain.repository, tag: plain.tag, toDigest: moved.digest },
    });
    const report = await run({ image: `${plain.repository}:${plain.tag}` });
    const tagItem = report.items.find((i) => i.kind === 'tag');
    expect(report.ok).toBe(false);
    expect(tagItem?.error?.kind).toBe('moved');
    expect(tagItem?.error?.message).toContain(moved.digest);
    expect(emu.store.getTag(plain.repository, plain.tag)?.digest).toBe(moved.digest);
    emu.store.setTag(plain.repository, plain.tag, plain.digest);
    emu.store.deleteManifest(plain.repository, moved.digest);
  });

  test('a failure midway: the readable target is changed, the missing one is reported, nothing else', async () => {
    const report = await run({ image: `${plain.repository}:${plain.tag}\n${plain.repository}:missing` });
    expect(report.ok).toBe(false);
    expect(report.items.find((i) => i.tag === 'missing')?.error?.kind).toBe('not-found');
    expect(report.summary).toMatchObject({ changed: 2, failed: 1 });
    expect(tagState(plain.repository, plain.tag)).toEqual(expected('full-lock'));
  });

  test('credentials without metadata_write: every write fails as unauthorized and the state is unchanged', async () => {
    const report = await run(
      { image: `${plain.repository}:${plain.tag}` },
      { kind: 'password', username: 'reader', password: 'reader-secret' },
    );
    expect(report.ok).toBe(false);
    expect(report.items.every((i) => i.status === 'failed' && i.error?.kind === 'unauthorized')).toBe(true);
    expect(tagState(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('actions that write nothing', () => {
  test('verify passes only when everything already matches, and never writes', async () => {
    const before = await run({ image: `${plain.repository}:${plain.tag}`, action: 'verify' });
    expect(before.ok).toBe(false);
    expect(before.items.every((i) => i.status === 'mismatch')).toBe(true);
    await run({ image: `${plain.repository}:${plain.tag}` });
    emu.clearRequestLog();
    const after = await run({ image: `${plain.repository}:${plain.tag}`, action: 'verify' });
    expect(after.ok).toBe(true);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toHaveLength(0);
  });

  test('dry-run plans but leaves the registry as it was', async () => {
    const report = await run({
      image: `${plain.repository}:${plain.tag}`,
      action: 'dry-run',
      'lock-mode': 'quarantine',
    });
    expect(report.items.map((i) => i.status)).toEqual(['would-change', 'would-change']);
    expect(tagState(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toHaveLength(0);
  });

  test('show works with a read-only scoped token and reports the current state', async () => {
    emu.store.updateTagAttributes(plain.repository, plain.tag, { writeEnabled: false });
    const report = await run(
      { image: `${plain.repository}:${plain.tag}`, action: 'show' },
      { kind: 'password', username: 'reader', password: 'reader-secret' },
    );
    expect(report.ok).toBe(true);
    expect(report.items.find((i) => i.kind === 'tag')?.before?.writeEnabled).toBe(false);
  });
});

describe('anonymous access', () => {
  test('show works on a registry with anonymous pull; the registry refuses anonymous writes', async () => {
    const open = await startEmulator({ anonymousPull: true });
    try {
      const client = (access: RegistryAccess) =>
        new SdkRegistryClient({
          loginServer: open.loginServer,
          tokenSource: { kind: 'anonymous' },
          access,
          caCertPem: open.caCertPem,
          transport: { maxRetries: 0 },
        });
      const settings = (action: string) =>
        parseSettings(
          (name) =>
            ({ registry: open.loginServer, image: `${plain.repository}:${plain.tag}`, action })[
              name as string
            ],
        );
      const shown = await processTargets(settings('show'), () => client('read'));
      expect(shown.ok).toBe(true);
      expect(shown.digests).toEqual({ [`${plain.repository}:${plain.tag}`]: plain.digest });
      const applied = await processTargets(settings('apply'), () => client('write'));
      expect(applied.ok).toBe(false);
      expect(applied.items.map((i) => i.error?.kind)).toEqual(['unauthorized', 'unauthorized']);
      expect(open.store.getTag(plain.repository, plain.tag)?.attributes.writeEnabled).toBe(true);
    } finally {
      await open.close();
    }
  });
});
