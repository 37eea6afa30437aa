// The referrer tree through the core and the real @azure/container-registry client over HTTPS against
// the emulator. Every effect is read back from the emulator's store.
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import type { RegistryClient } from '../../src/core/registry/registry-client.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { runCore } from './support/run-core.js';
import {
  COSIGN_SIG,
  LOCKED,
  NOTARY,
  SPDX,
  digestTag,
  manifestState,
  resetAttributes,
  seedChain,
  seedFallbackTree,
  tagState,
  type Chain,
} from './support/chain.js';

const emu = withEmulator();
let chain: Chain;
beforeAll(() => {
  chain = seedChain(emu.store, 'chain/app');
});
beforeEach(() => {
  resetAttributes(emu.store);
  emu.faults.clear();
  emu.clearRequestLog();
});

/** A registry that ignores the artifactType filter: it lists every referrer, without OCI-Filters-Applied. */
function ignoringFilters(client: RegistryClient): RegistryClient {
  return Object.assign(Object.create(client) as RegistryClient, {
    listReferrers: (repository: string, digest: string) => client.listReferrers(repository, digest),
  });
}

const run = (inputs: Partial<Record<InputName, string>>, wrap?: (client: RegistryClient) => RegistryClient) =>
  runCore(emu, inputs, wrap);

const image = () => `${chain.repository}:${chain.tag}`;
const manifest = (digest: string) => manifestState(emu.store, chain.repository, digest);
const tag = (name: string) => tagState(emu.store, chain.repository, name);
const ref = (suffix: string) => `${emu.loginServer}/${chain.repository}${suffix}`;

describe('the whole tree of a signed multi-arch image', () => {
  test('lock reaches every manifest and tag, each with its parent and the scheme that found it', async () => {
    const report = await run({ image: image() });
    expect(report.ok).toBe(true);
    for (const digest of chain.manifests) expect(manifest(digest)).toEqual(LOCKED);
    for (const name of chain.tags) expect(tag(name)).toEqual(LOCKED);
    expect(report.items).toHaveLength(chain.manifests.length + chain.tags.length);

    const byRef = new Map(report.items.map((i) => [i.ref, i]));
    const node = (suffix: string) => byRef.get(ref(suffix));
    expect(node(`@${chain.index}`)).toMatchObject({ parent: ref(`:${chain.tag}`), via: 'tag' });
    chain.platforms.forEach((platform, i) => {
      expect(node(`@${platform}`)).toMatchObject({
        parent: ref(`@${chain.index}`),
        via: 'index',
        role: 'child',
      });
      expect(node(`@${chain.sboms[i]}`)).toMatchObject({
        parent: ref(`@${platform}`),
        via: 'referrers-api',
        artifactType: SPDX,
      });
      expect(node(`@${chain.signatures[i]}`)).toMatchObject({
        parent: ref(`@${platform}`),
        artifactType: NOTARY,
      });
      expect(node(`@${chain.sbomSignatures[i]}`)).toMatchObject({
        parent: ref(`@${chain.sboms[i]}`),
        via: 'referrers-api',
      });
    });
    expect(node(`:${chain.cosignTag}`)).toMatchObject({
      kind: 'tag',
      parent: ref(`@${chain.index}`),
      via: 'cosign-tag',
      artifactType: COSIGN_SIG,
    });
    expect(node(`@${chain.cosign}`)).toMatchObject({ parent: ref(`:${chain.cosignTag}`), via: 'cosign-tag' });
  });

  test('unlock frees the same tree; a re-run writes nothing', async () => {
    await run({ image: image() });
    const report = await run({ image: image(), 'lock-mode': 'unlock' });
    expect(report.ok).toBe(true);
    for (const digest of chain.manifests) expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
    for (const name of chain.tags) expect(tag(name)).toEqual(DEFAULT_ATTRIBUTES);
    emu.clearRequestLog();
    await run({ image: image(), 'lock-mode': 'unlock' });
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toHaveLength(0);
  });

  test('reads: one per manifest and tag, one per referrers page, the tag listing once; writes: one per object', async () => {
    await run({ image: image() });
    const reads = emu.requestLog.filter((r) => r.kind === 'read');
    const referrers = reads.filter((r) => r.path.includes('/referrers/'));
    // Every manifest of the tree is asked for its referrers, one page each.
    expect(referrers).toHaveLength(chain.manifests.length);
    expect(reads.filter((r) => r.path.endsWith('/_tags'))).toHaveLength(1);
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toHaveLength(
      chain.manifests.length + chain.tags.length,
    );
  });

  test('referrer-types follows only those types (sent as artifactType): SBOMs locked, signatures not', async () => {
    const report = await run({ image: image(), 'referrer-types': SPDX });
    expect(report.ok).toBe(true);
    for (const digest of [chain.index, ...chain.platforms, ...chain.sboms])
      expect(manifest(digest)).toEqual(LOCKED);
    for (const digest of [...chain.signatures, ...chain.sbomSignatures, chain.cosign])
      expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
    expect(tag(chain.cosignTag)).toEqual(DEFAULT_ATTRIBUTES);
    const asked = emu.requestLog.filter((r) => r.path.includes('/referrers/'));
    expect(asked.length).toBeGreaterThan(0);
  });

  test('referrer-types is applied locally when the registry ignores the filter', async () => {
    const report = await run({ image: image(), 'referrer-types': SPDX }, ignoringFilters);
    expect(report.ok).toBe(true);
    for (const digest of chain.sboms) expect(manifest(digest)).toEqual(LOCKED);
    for (const digest of [...chain.signatures, ...chain.sbomSignatures])
      expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('referrer-types with the cosign type follows the cosign tag alone', async () => {
    await run({ image: image(), 'referrer-types': COSIGN_SIG });
    expect(tag(chain.cosignTag)).toEqual(LOCKED);
    expect(manifest(chain.cosign)).toEqual(LOCKED);
    for (const digest of [...chain.sboms, ...chain.signatures])
      expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('referrer-depth: what lies deeper is reported too-deep, fails the run, and is left as it was', async () => {
    const report = await run({ image: image(), 'referrer-depth': '2' });
    expect(report.ok).toBe(false);
    const tooDeep = report.items.filter((i) => i.error?.kind === 'too-deep');
    expect(tooDeep.map((i) => i.digest).sort()).toEqual([...chain.sbomSignatures].sort());
    expect(tooDeep.every((i) => i.status === 'failed')).toBe(true);
    for (const digest of chain.sbomSignatures) expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
    for (const digest of chain.sboms) expect(manifest(digest)).toEqual(LOCKED);
  });

  test('without include-referrers only the index and its children are locked', async () => {
    await run({ image: image(), 'include-referrers': 'false' });
    for (const digest of [chain.index, ...chain.platforms]) expect(manifest(digest)).toEqual(LOCKED);
    for (const digest of [...chain.sboms, chain.cosign]) expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('recursion through tags', () => {
  test('a cycle (A signed by B through a tag, B attested by A through another) ends, each object once', async () => {
    const repository = 'chain/cycle';
    const a = buildImage({ files: { 'a.txt': 'A' } });
    const b = buildImage({ files: { 'b.txt': 'B' } });
    storeBuilt(emu.store, repository, a, '1.0');
    storeBuilt(emu.store, repository, b, `${digestTag(a.digest)}.sig`);
    emu.store.setTag(repository, `${digestTag(b.digest)}.att`, a.digest);
    const report = await run({ image: `${repository}:1.0` });
    expect(report.ok).toBe(true);
    expect(report.items.map((i) => i.ref).sort()).toEqual(
      [`:1.0`, `@${a.digest}`, `:${digestTag(a.digest)}.sig`, `@${b.digest}`, `:${digestTag(b.digest)}.att`]
        .map((s) => `${emu.loginServer}/${repository}${s}`)
        .sort(),
    );
    for (const d of [a.digest, b.digest]) expect(manifestState(emu.store, repository, d)).toEqual(LOCKED);
    // Each manifest read once, its referrers asked once: the walk went round the cycle no further.
    const reads = (suffix: string) =>
      emu.requestLog.filter((r) => r.method === 'GET' && r.path.endsWith(suffix)).length;
    for (const d of [a.digest, b.digest]) {
      expect(reads(`/_manifests/${d}`)).toBe(1);
      expect(reads(`/referrers/${d}`)).toBe(1);
    }
    expect(tagState(emu.store, repository, `${digestTag(b.digest)}.att`)).toEqual(LOCKED);
  });

  test('at the depth limit, a tag naming a manifest already in the tree is still locked; a deeper one is not', async () => {
    const repository = 'chain/cycle-limit';
    const a = buildImage({ files: { 'a.txt': 'A at the limit' } });
    const b = buildImage({ files: { 'b.txt': 'B at the limit' } });
    const c = buildImage({ files: { 'c.txt': 'C below the limit' } });
    storeBuilt(emu.store, repository, a, '1.0');
    storeBuilt(emu.store, repository, b, `${digestTag(a.digest)}.sig`);
    emu.store.setTag(repository, `${digestTag(b.digest)}.att`, a.digest);
    storeBuilt(emu.store, repository, c, `${digestTag(b.digest)}.sbom`);
    const report = await run({ image: `${repository}:1.0`, 'referrer-depth': '1' });
    expect(tagState(emu.store, repository, `${digestTag(b.digest)}.att`)).toEqual(LOCKED);
    expect(report.items.filter((i) => i.error?.kind === 'too-deep').map((i) => i.digest)).toEqual([c.digest]);
    expect(manifestState(emu.store, repository, c.digest)).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState(emu.store, repository, `${digestTag(b.digest)}.sbom`)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('a cosign tag hidden from listings (list disabled) is still found, by name', async () => {
    const repository = 'chain/hidden';
    const image = buildImage({ files: { 'h.txt': 'hidden' } });
    const signature = buildImage({ files: { 'sig.txt': 'sig' } });
    const sigTag = `${digestTag(image.digest)}.sig`;
    storeBuilt(emu.store, repository, image, '1.0');
    storeBuilt(emu.store, repository, signature, sigTag);
    await run({ image: `${repository}:1.0`, 'lock-mode': 'hide' });
    expect(tagState(emu.store, repository, sigTag).listEnabled).toBe(false);
    await run({ image: `${repository}:1.0`, 'lock-mode': 'reset' });
    expect(tagState(emu.store, repository, sigTag)).toEqual(DEFAULT_ATTRIBUTES);
    expect(manifestState(emu.store, repository, signature.digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('a registry without the referrers API (404)', () => {
  test('the OCI 1.1 fallback tag sha256-<hex> is followed: the tag, its index and the referrers it lists', async () => {
    const repository = 'chain/fallback';
    const { image, sbom, fallback } = seedFallbackTree(emu.store, repository, 'fallback');
    emu.faults.add({ match: { path: /\/referrers\// }, fault: { kind: 'status', status: 404 } });

    const report = await run({ image: `${repository}:1.0` });
    expect(report.ok).toBe(true);
    for (const d of [image.digest, fallback, sbom.digest])
      expect(manifestState(emu.store, repository, d)).toEqual(LOCKED);
    expect(tagState(emu.store, repository, digestTag(image.digest))).toEqual(LOCKED);
    const sbomItem = report.items.find((i) => i.digest === sbom.digest && i.kind === 'manifest');
    expect(sbomItem).toMatchObject({ via: 'fallback-tag', artifactType: SPDX });
  });

  test('a filter that matches none of the fallback index entries leaves the fallback tag and index alone', async () => {
    const repository = 'chain/fallback-filtered';
    const { image, sbom, fallback } = seedFallbackTree(emu.store, repository, 'fallback filtered');
    emu.faults.add({ match: { path: /\/referrers\// }, fault: { kind: 'status', status: 404 } });
    const report = await run({ image: `${repository}:1.0`, 'referrer-types': NOTARY });
    expect(report.ok).toBe(true);
    expect(manifestState(emu.store, repository, image.digest)).toEqual(LOCKED);
    for (const d of [fallback, sbom.digest])
      expect(manifestState(emu.store, repository, d)).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState(emu.store, repository, digestTag(image.digest))).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('no fallback tag: nothing more to lock, and no failure', async () => {
    emu.faults.add({ match: { path: /\/referrers\// }, fault: { kind: 'status', status: 404 } });
    const report = await run({ image: image(), 'referrer-types': SPDX });
    expect(report.ok).toBe(true);
    for (const digest of chain.sboms) expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('the shared-manifest rule on every node of the tree', () => {
  test('unlocking one tag keeps the tree another protected tag relies on, every node reported kept', async () => {
    const shared = seedChain(emu.store, 'chain/shared', '1.0', 'shared');
    emu.store.setTag(shared.repository, 'stable', shared.index);
    const both = `${shared.repository}:1.0,${shared.repository}:stable`;
    await run({ image: both });
    const report = await run({ image: `${shared.repository}:1.0`, 'lock-mode': 'unlock' });
    expect(tagState(emu.store, shared.repository, '1.0')).toEqual(DEFAULT_ATTRIBUTES);
    for (const digest of shared.manifests)
      expect(manifestState(emu.store, shared.repository, digest)).toEqual(LOCKED);
    expect(tagState(emu.store, shared.repository, shared.cosignTag)).toEqual(LOCKED);
    const kept = report.items.filter((i) => i.status === 'kept');
    expect(kept).toHaveLength(shared.manifests.length + 1);
    expect(kept.every((i) => i.keptBy?.join() === `${shared.repository}:stable`)).toBe(true);
    expect(report.summary.kept).toBe(shared.manifests.length + 1);

    const forced = await run({
      image: `${shared.repository}:1.0`,
      'lock-mode': 'unlock',
      'force-unlock-shared': 'true',
    });
    expect(forced.ok).toBe(true);
    for (const digest of shared.manifests)
      expect(manifestState(emu.store, shared.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('a referrer another protected tag points at is kept with what lies below it; the rest is unlocked', async () => {
    const shared = seedChain(emu.store, 'chain/shared-sbom', '1.0', 'shared-sbom');
    const sbom = shared.sboms[0] ?? '';
    emu.store.setTag(shared.repository, 'sbom-latest', sbom);
    await run({ image: `${shared.repository}:1.0,${shared.repository}:sbom-latest` });
    const report = await run({ image: `${shared.repository}:1.0`, 'lock-mode': 'unlock' });
    const keptDigests = report.items.filter((i) => i.status === 'kept').map((i) => i.digest);
    expect(keptDigests.sort()).toEqual([sbom, shared.sbomSignatures[0]].sort());
    for (const digest of [sbom, shared.sbomSignatures[0] ?? ''])
      expect(manifestState(emu.store, shared.repository, digest)).toEqual(LOCKED);
    for (const digest of shared.manifests.filter((d) => d !== sbom && d !== shared.sbomSignatures[0]))
      expect(manifestState(emu.store, shared.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test("the image's own cosign and fallback tags never keep it: lock then unlock frees everything", async () => {
    await run({ image: image() });
    const report = await run({ image: image(), 'lock-mode': 'unlock' });
    expect(report.summary.kept).toBe(0);
    for (const digest of chain.manifests) expect(manifest(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});
