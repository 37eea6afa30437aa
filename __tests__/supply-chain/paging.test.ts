// Referrers one per page (the emulator's referrers page size 1): the seeded supply-chain sample, a
// signed multi-arch image whose platforms each carry an SBOM and an attestation, each SBOM signed, the
// index signed both through the referrers API and by cosign's tag, locked and unlocked whole through
// each shell; every page is asked for, filtered listings keep their filter from page to page.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SAMPLES, buildArtifact, storeBuilt } from '../../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { LOCKED, SPDX, manifestState, resetAttributes, seedChain, tagState } from './support/chain.js';
import { SHELLS } from './support/shells.js';

const emu = withEmulator({
  admin: { username: 'admin', password: 'Paging-pass-4kD8' },
  referrersPageSize: 1,
});
beforeEach(() => {
  resetAttributes(emu.store);
  emu.clearRequestLog();
});

const sample = SAMPLES.supplyChain;
const image = `${sample.repository}:${sample.tag}`;
const manifests = [
  sample.digest,
  ...sample.children,
  sample.signature,
  sample.cosignSignature,
  ...sample.sboms,
  ...sample.attestations,
  ...sample.sbomSignatures,
];
const state = (digest: string) => manifestState(emu.store, sample.repository, digest);
const referrerPages = () =>
  emu.requestLog.filter((r) => r.method === 'GET' && r.path.includes('/referrers/') && r.status === 200);

describe.each(SHELLS)('$name', (shell) => {
  test('every page is followed: the whole tree locked, then unlocked', async () => {
    const locked = await shell.run(emu, { image, 'include-referrers': 'true' });
    expect(locked.code).toBe(0);
    for (const digest of manifests) expect(state(digest)).toEqual(LOCKED);
    for (const tag of [sample.tag, sample.cosignTag])
      expect(tagState(emu.store, sample.repository, tag)).toEqual(LOCKED);
    // One page per referrer, at least one per manifest: platforms have 2 referrers (2 pages each).
    const pagesOf = (digest: string) => referrerPages().filter((r) => r.path.endsWith(digest)).length;
    for (const platform of sample.children) expect(pagesOf(platform)).toBeGreaterThanOrEqual(2);

    const unlocked = await shell.run(emu, { image, 'include-referrers': 'true', 'lock-mode': 'unlock' });
    expect(unlocked.code).toBe(0);
    for (const digest of manifests) expect(state(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('a filtered listing keeps its filter on every page', async () => {
    // A platform with two SBOMs (and a signature): the SBOMs come one per page, the filter in each Link.
    const chain = seedChain(emu.store, `paging/filtered-${shell.name}`, '1.0', shell.name);
    const platform = emu.store.getManifest(chain.repository, chain.platforms[0] ?? '');
    if (!platform) throw new Error('the platform manifest was not seeded');
    const subject = { ...platform, size: platform.bytes.length };
    const second = buildArtifact({
      artifactType: SPDX,
      subject,
      layer: { mediaType: SPDX, content: '{"second":1}' },
    });
    storeBuilt(emu.store, chain.repository, second);
    const run = await shell.run(emu, {
      image: `${chain.repository}:${chain.tag}`,
      'include-referrers': 'true',
      'referrer-types': SPDX,
    });
    expect(run.code).toBe(0);
    const of = (digest: string) => manifestState(emu.store, chain.repository, digest);
    for (const digest of [chain.index, ...chain.platforms, ...chain.sboms, second.digest])
      expect(of(digest)).toEqual(LOCKED);
    for (const digest of [...chain.signatures, ...chain.sbomSignatures, chain.cosign])
      expect(of(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

test('requests: one read per referrers page, one page for a manifest without referrers', async () => {
  const [cli] = SHELLS;
  await cli?.run(emu, { image, 'include-referrers': 'true', action: 'show' });
  // The CLI shell runs twice (the table, then --json), each asking every page once. Pages per manifest:
  // index 1 (its signature), each platform 2 (SBOM, attestation), each SBOM 1 (its signature), and one
  // (empty) page for each of the 6 others (signatures, attestations, the cosign signature): 1 + 2×2 + 2×1 + 6.
  expect(manifests).toHaveLength(11);
  expect(referrerPages().length).toBe(2 * 13);
});
