// The whole supply chain of an image through each shell (the CLI in process, the action bundle as the
// runner runs it, the packaged task as the agent runs it) against the emulator: lock and unlock of the
// tree, filtered and not, a cycle, the 404 fallback; after the lock, every push over and delete is
// refused over real HTTP, and by skopeo for the cosign signature; the tree in what each shell shows.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { skopeo, writeOciLayout } from '../emulator/support/skopeo.js';
import {
  LOCKED,
  SPDX,
  digestTag,
  manifestState,
  resetAttributes,
  seedChain,
  seedFallbackTree,
  tagState,
  type Chain,
} from './support/chain.js';
import { tryPushAndDelete } from './support/refusals.js';
import { SHELLS, type Shell } from './support/shells.js';

const emu = withEmulator({ admin: { username: 'admin', password: 'Chain-pass-9vQ2' } });
const skopeoInstalled = spawnSync('skopeo', ['--version']).status === 0;
if (!skopeoInstalled && process.env.ACR_LOCK_REQUIRE_SKOPEO === '1') throw new Error('skopeo is required');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'acr-lock-supply-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));
beforeEach(() => {
  resetAttributes(emu.store);
  emu.faults.clear();
});

let repositories = 0;
/** A fresh copy of the chain in its own repository: a test that deletes cannot spoil another. */
const freshChain = (shell: Shell): Chain => {
  repositories += 1;
  return seedChain(emu.store, `supply/${shell.name}-${repositories}`, '1.0', String(repositories));
};
const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

/** The row of an object in what the shell shows, at its depth in the tree, with its What column. */
function expectRow(shell: Shell, text: string, depth: number, digest: string, what: string): void {
  if (shell.name === 'cli') {
    const line = text.split('\n').find((l) => l.startsWith(`${'  '.repeat(depth)}@${short(digest)} `));
    expect(line).toContain(`  ${what}  `);
  } else {
    expect(text).toContain(`| ${'\u00a0\u00a0'.repeat(depth)}\`@sha256:${short(digest)}\` | ${what} |`);
  }
}

describe.each(SHELLS)('$name', (shell) => {
  test('the whole tree is locked in one step: every push and delete refused; unlock frees it', async () => {
    const chain = freshChain(shell);
    const image = `${chain.repository}:${chain.tag}`;
    const locked = await shell.run(emu, { image, 'include-referrers': 'true' });
    expect(locked.code).toBe(0);
    for (const digest of chain.manifests)
      expect(manifestState(emu.store, chain.repository, digest)).toEqual(LOCKED);
    for (const tag of chain.tags) expect(tagState(emu.store, chain.repository, tag)).toEqual(LOCKED);

    // The tree as the shell shows it: tag → index → platforms → SBOM → its signature; the cosign tag.
    expectRow(shell, locked.text, 1, chain.index, 'manifest (of tag)');
    expectRow(shell, locked.text, 2, chain.platforms[0] ?? '', 'manifest (index child)');
    expectRow(shell, locked.text, 3, chain.sboms[0] ?? '', `manifest (${SPDX}, referrers API)`);
    expectRow(
      shell,
      locked.text,
      4,
      chain.sbomSignatures[0] ?? '',
      'manifest (application/vnd.cncf.notary.signature, referrers API)',
    );
    expectRow(
      shell,
      locked.text,
      3,
      chain.cosign,
      'manifest (application/vnd.dev.cosign.artifact.sig.v1+json, cosign tag)',
    );
    expect(locked.text).toContain('(2 tags, 1 manifest, 2 platform manifests, 7 referrers)');
    const cosignItem = locked.report.items.find((i) => i.digest === chain.cosign && i.kind === 'manifest');
    expect(cosignItem).toMatchObject({
      via: 'cosign-tag',
      parent: `${emu.loginServer}/${chain.repository}:${chain.cosignTag}`,
    });

    const attempts = await tryPushAndDelete(emu, chain);
    expect(attempts.filter((a) => a.status !== 405)).toEqual([]);
    expect(attempts).toHaveLength(2 * (chain.manifests.length + chain.tags.length));
    if (skopeoInstalled) {
      const certDir = dirname(emu.caCertPath);
      const creds = `${emu.admin.username}:${emu.admin.password}`;
      const signature = `docker://${emu.loginServer}/${chain.repository}:${chain.cosignTag}`;
      const removed = await skopeo(['delete', '--cert-dir', certDir, '--creds', creds, signature]);
      expect(removed.code).not.toBe(0);
      const layout = join(work, `${shell.name}-over`);
      await writeOciLayout(layout, buildImage({ files: { 'forged.txt': `forged ${shell.name}` } }), 'x');
      const pushed = await skopeo([
        'copy',
        '--dest-cert-dir',
        certDir,
        '--dest-creds',
        creds,
        `oci:${layout}:x`,
        signature,
      ]);
      expect(pushed.code).not.toBe(0);
      expect(emu.store.getTag(chain.repository, chain.cosignTag)?.digest).toBe(chain.cosign);
    }
    for (const digest of chain.manifests)
      expect(emu.store.getManifest(chain.repository, digest)).toBeDefined();

    const unlocked = await shell.run(emu, { image, 'include-referrers': 'true', 'lock-mode': 'unlock' });
    expect(unlocked.code).toBe(0);
    for (const digest of chain.manifests)
      expect(manifestState(emu.store, chain.repository, digest)).toEqual(DEFAULT_ATTRIBUTES);
    for (const tag of chain.tags)
      expect(tagState(emu.store, chain.repository, tag)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('referrer-types: only the SBOMs are locked with the image, and unlocked with it', async () => {
    const chain = freshChain(shell);
    const inputs = {
      image: `${chain.repository}:${chain.tag}`,
      'include-referrers': 'true',
      'referrer-types': SPDX,
    };
    const run = await shell.run(emu, inputs);
    expect(run.code).toBe(0);
    const state = (digest: string) => manifestState(emu.store, chain.repository, digest);
    for (const digest of [chain.index, ...chain.platforms, ...chain.sboms])
      expect(state(digest)).toEqual(LOCKED);
    for (const digest of [...chain.signatures, ...chain.sbomSignatures, chain.cosign])
      expect(state(digest)).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagState(emu.store, chain.repository, chain.cosignTag)).toEqual(DEFAULT_ATTRIBUTES);
    await shell.run(emu, { ...inputs, 'lock-mode': 'unlock' });
    for (const digest of chain.manifests) expect(state(digest)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('unlocking one tag keeps the whole tree another protected tag relies on', async () => {
    const chain = freshChain(shell);
    emu.store.setTag(chain.repository, 'stable', chain.index);
    const image = `${chain.repository}:${chain.tag}`;
    await shell.run(emu, { image: `${image},${chain.repository}:stable`, 'include-referrers': 'true' });
    const run = await shell.run(emu, { image, 'include-referrers': 'true', 'lock-mode': 'unlock' });
    expect(tagState(emu.store, chain.repository, chain.tag)).toEqual(DEFAULT_ATTRIBUTES);
    for (const digest of chain.manifests)
      expect(manifestState(emu.store, chain.repository, digest)).toEqual(LOCKED);
    expect(tagState(emu.store, chain.repository, chain.cosignTag)).toEqual(LOCKED);
    expect(run.text).toContain(`kept: still protected by ${chain.repository}:stable`);
  });

  test('a cycle through cosign tags ends, and every object of it is locked', async () => {
    const repository = `supply/cycle-${shell.name}`;
    const a = buildImage({ files: { 'a.txt': `A ${shell.name}` } });
    const b = buildImage({ files: { 'b.txt': `B ${shell.name}` } });
    storeBuilt(emu.store, repository, a, '1.0');
    storeBuilt(emu.store, repository, b, `${digestTag(a.digest)}.sig`);
    emu.store.setTag(repository, `${digestTag(b.digest)}.att`, a.digest);
    const run = await shell.run(emu, { image: `${repository}:1.0`, 'include-referrers': 'true' });
    expect(run.code).toBe(0);
    for (const d of [a.digest, b.digest]) expect(manifestState(emu.store, repository, d)).toEqual(LOCKED);
    for (const t of ['1.0', `${digestTag(a.digest)}.sig`, `${digestTag(b.digest)}.att`])
      expect(tagState(emu.store, repository, t)).toEqual(LOCKED);
  });

  test('a registry without the referrers API (404): the fallback tag and what it lists are locked', async () => {
    const repository = `supply/fallback-${shell.name}`;
    const { image, sbom, fallback } = seedFallbackTree(emu.store, repository, `fallback ${shell.name}`);
    emu.faults.add({ match: { path: /\/referrers\// }, fault: { kind: 'status', status: 404 } });
    const run = await shell.run(emu, { image: `${repository}:1.0`, 'include-referrers': 'true' });
    expect(run.code).toBe(0);
    for (const d of [image.digest, fallback, sbom.digest])
      expect(manifestState(emu.store, repository, d)).toEqual(LOCKED);
    expect(tagState(emu.store, repository, digestTag(image.digest))).toEqual(LOCKED);
    expectRow(shell, run.text, 2, sbom.digest, `manifest (${SPDX}, fallback tag)`);
  });
});
