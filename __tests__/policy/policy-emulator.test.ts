// Sweep, enforce and audit with the real adapter over HTTPS against the emulator: listings paged with
// `n`, `orderby` and `Link`; every assertion about effects reads the emulator's store back. The
// emulator answers pages of at most 100 here, as a registry that caps `n` would, so a few hundred
// tags span several pages.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SdkRegistryClient } from '../../src/acr/sdk-registry-client.js';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { runEnforce } from '../../src/core/policy/run-enforce.js';
import { runSweep } from '../../src/core/policy/run-sweep.js';
import { buildImage, buildIndex, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { auditTexts } from './audit-texts.js';

const emu = withEmulator({ seed: false, maxPageSize: 100, oversizedPage: 'cap' });
const LOCKED: LockAttributes = { ...DEFAULT_ATTRIBUTES, writeEnabled: false, deleteEnabled: false };

function client(access: 'read' | 'write' = 'write'): SdkRegistryClient {
  return new SdkRegistryClient({
    loginServer: emu.loginServer,
    tokenSource: { kind: 'password', ...emu.admin },
    access,
    caCertPem: emu.caCertPem,
    transport: { maxRetries: 0 },
  });
}

const attributesOf = (r: { attributes: LockAttributes } | undefined): LockAttributes => {
  if (!r) throw new Error('not in the registry');
  const { writeEnabled, deleteEnabled, readEnabled, listEnabled } = r.attributes;
  return { writeEnabled, deleteEnabled, readEnabled, listEnabled };
};
/** Listing pages read: GETs of a listing itself, not of one object in it. */
const reads = (list: string) =>
  emu.requestLog.filter((e) => e.kind === 'read' && e.path.endsWith(list)).length;
const singleReads = () =>
  emu.requestLog.filter((e) => e.kind === 'read' && /\/_manifests\/sha256:/.test(e.path)).length;
const writes = () => emu.requestLog.filter((e) => e.kind === 'write').length;

/** `count` tags `v0…` on distinct images in `app`, and one multi-arch index tagged `multi`. */
function seed(count: number): { index: string; children: string[] } {
  for (let i = 0; i < count; i += 1)
    storeBuilt(emu.store, 'app', buildImage({ files: { n: String(i) } }), `v${i}`);
  const index = buildIndex([
    { image: buildImage({ architecture: 'amd64' }), architecture: 'amd64', os: 'linux' },
    { image: buildImage({ architecture: 'arm64' }), architecture: 'arm64', os: 'linux' },
  ]);
  storeBuilt(emu.store, 'app', index, 'multi');
  storeBuilt(emu.store, 'app', buildImage({ files: { latest: '1' } }), 'latest');
  return { index: index.digest, children: index.children.map((c) => c.digest) };
}

beforeEach(() => {
  for (const repository of emu.store.listRepositories()) emu.store.deleteRepository(repository);
  emu.clearRequestLog();
});

describe('policy runners against the emulator', () => {
  test('sweep pages 250 tags (3 pages), writes each differing object once; a re-run writes nothing', async () => {
    const { index, children } = seed(250);
    const policy = parsePolicy("rules: [{ repositories: app, tags: ['v*', multi], mode: lock }]");
    const counts = await runSweep(client(), policy, { concurrency: 8, nowMs: Date.now() });
    expect(counts).toMatchObject({ failed: 0, changed: 251 * 2 + 2 });
    expect(attributesOf(emu.store.getTag('app', 'v249'))).toEqual(LOCKED);
    expect(attributesOf(emu.store.getManifest('app', index))).toEqual(LOCKED);
    for (const child of children) expect(attributesOf(emu.store.getManifest('app', child))).toEqual(LOCKED);
    expect(attributesOf(emu.store.getTag('app', 'latest'))).toEqual(DEFAULT_ATTRIBUTES);
    // 252 tags and 255 manifests in pages of 100.
    expect(reads('/_tags')).toBe(3);
    expect(reads('/_manifests')).toBe(3);
    // A platform manifest listed before its index is read on its own: at most the index's two.
    expect(singleReads()).toBeLessThanOrEqual(2);
    expect(writes()).toBe(251 * 2 + 2);

    emu.clearRequestLog();
    const again = await runSweep(client(), policy, { concurrency: 8, nowMs: Date.now() });
    expect(again).toMatchObject({ changed: 0, failed: 0 });
    expect(writes()).toBe(0);
  });

  test('enforce: a full first pass, then only what was pushed since (newest first, stops at the checkpoint)', async () => {
    seed(150);
    const policy = parsePolicy("rules: [{ repositories: app, tags: 'v*', mode: lock }]");
    const options = { concurrency: 8, loginServer: emu.loginServer, policyDigest: 'p' };
    const first = await runEnforce(client(), policy, { ...options, nowMs: Date.now() });
    expect(first.tagsRead).toBe(152);
    for (let i = 150; i < 160; i += 1)
      storeBuilt(emu.store, 'app', buildImage({ files: { n: String(i) } }), `v${i}`);
    emu.clearRequestLog();
    const next = await runEnforce(client(), policy, {
      ...options,
      nowMs: Date.now(),
      checkpoint: first.checkpoint,
    });
    expect(next.tagsRead).toBe(10);
    expect(reads('/_tags')).toBe(1);
    expect(attributesOf(emu.store.getTag('app', 'v159'))).toEqual(LOCKED);
    expect(next.counts).toMatchObject({ changed: 20, failed: 0 });
  });

  test("a repository's tag and manifest counts come with its attributes (the audit's room)", async () => {
    seed(5);
    const read = await client('read').getRepository('app');
    expect(read.counts).toEqual({
      tags: emu.store.tagCount('app'),
      manifests: emu.store.manifestCount('app'),
    });
    // 5 images, an index and its 2 children, latest: 7 tags, 9 manifests.
    expect(read.counts).toEqual({ tags: 7, manifests: 9 });
  });

  test('audit: half-locked images found from the listings, nothing written', async () => {
    seed(3);
    const v1 = emu.store.getTag('app', 'v1');
    emu.store.updateTagAttributes('app', 'v1', { writeEnabled: false, deleteEnabled: false });
    const { report } = await auditTexts(
      client('read'),
      parsePolicy('rules: [{ repositories: app, mode: lock }]'),
      { drift: false, nowMs: Date.now() },
    );
    expect(report.findings.map((f) => [f.kind, f.object])).toEqual([['tag-locked-manifest-open', 'app:v1']]);
    expect(report.findings[0]?.message).toContain(v1?.digest ?? 'missing');
    expect(writes()).toBe(0);
  });

  test('a glob over repositories reads the catalog with its own scope', async () => {
    storeBuilt(emu.store, 'team/a', buildImage({ files: { a: '1' } }), 'v1');
    storeBuilt(emu.store, 'other', buildImage({ files: { o: '1' } }), 'v1');
    await runSweep(client(), parsePolicy("rules: [{ repositories: 'team/**', mode: lock }]"), {
      concurrency: 2,
      nowMs: Date.now(),
    });
    expect(attributesOf(emu.store.getTag('team/a', 'v1'))).toEqual(LOCKED);
    expect(attributesOf(emu.store.getTag('other', 'v1'))).toEqual(DEFAULT_ATTRIBUTES);
    expect(reads('/_catalog')).toBe(1);
  });
});
