import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dirname } from 'node:path';
import { buildArtifact, buildImage, type BuiltManifest } from '../../src/emulator/index.js';
import { DISALLOWED_MESSAGE } from '../../src/emulator/errors/acr-error.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { azFor, skipAz, type Az } from './support/az.js';
import { get, pushImage } from './support/registry-calls.js';
import { skipSkopeo, skopeo } from './support/skopeo.js';

/**
 * ACR behaviour a client sees (issue "the emulator as faithful as ACR's documentation"), checked
 * with the clients people use: Debian's azure-cli (`az acr`) and skopeo. State is read back from
 * the emulator's store. Skipped with a warning where az or skopeo is missing, unless CI requires
 * them (ACR_LOCK_REQUIRE_AZ=1, ACR_LOCK_REQUIRE_SKOPEO=1).
 */
if (skipSkopeo) console.warn('skopeo is not installed: the az/skopeo fidelity tests are skipped.');

(skipAz || skipSkopeo ? describe.skip : describe)('fidelity seen by az and skopeo', () => {
  const emu = withEmulator({ admin: { username: 'admin', password: 'fidelity-pw' } });
  let az: Az;
  let counter = 0;

  beforeAll(async () => {
    az = await azFor(emu);
  }, 60_000);
  afterAll(async () => {
    await az.dispose();
  });

  const creds = (): string => `${emu.admin.username}:${emu.admin.password}`;
  const certDir = (): string => dirname(emu.caCertPath);
  const ref = (repository: string, reference: string): string =>
    `docker://${emu.loginServer}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;

  async function fresh(): Promise<{ repo: string; image: BuiltManifest; other: BuiltManifest }> {
    counter += 1;
    const repo = `fidelity/case${counter}`;
    const image = buildImage({ files: { f: `fidelity ${counter}\n` } });
    const other = buildImage({ files: { f: `fidelity other ${counter}\n` } });
    expect((await pushImage(emu, repo, image, 'v1')).status).toBe(201);
    expect((await pushImage(emu, repo, other, 'v2')).status).toBe(201);
    return { repo, image, other };
  }

  const skopeoDelete = (repository: string, reference: string) =>
    skopeo(['delete', '--cert-dir', certDir(), '--creds', creds(), ref(repository, reference)]);

  /** `az acr repository update` of a repository or an image (`--repository R` / `--image R:T`); it must succeed. */
  async function azUpdate(target: string[], attributes: string[]): Promise<void> {
    const update = await az.run([
      'acr',
      'repository',
      'update',
      ...az.registryArgs(),
      ...target,
      ...attributes,
      '-o',
      'none',
    ]);
    expect([update.code, update.stderr]).toEqual([0, '']);
  }
  const azUntag = (image: string) =>
    az.run(['acr', 'repository', 'untag', ...az.registryArgs(), '--image', image]);

  test('a delete-locked repository (write still enabled) protects itself, not its images', async () => {
    const { repo, image, other } = await fresh();
    await azUpdate(['--repository', repo], ['--delete-enabled', 'false', '--write-enabled', 'true']);
    expect(emu.store.getRepository(repo)?.attributes).toMatchObject({
      deleteEnabled: false,
      writeEnabled: true,
    });

    // "Individual images can still be updated or deleted."
    const untag = await azUntag(`${repo}:v2`);
    expect([untag.code, untag.stderr]).toEqual([0, '']);
    expect(emu.store.getTag(repo, 'v2')).toBeUndefined();
    expect(emu.store.getManifest(repo, other.digest)).toBeDefined();
    const deleted = await skopeoDelete(repo, image.digest);
    expect([deleted.code, deleted.stderr]).toEqual([0, '']);
    expect(emu.store.getManifest(repo, image.digest)).toBeUndefined();

    const repoDelete = await az.run([
      'acr',
      'repository',
      'delete',
      ...az.registryArgs(),
      '--repository',
      repo,
      '--yes',
    ]);
    expect(repoDelete.code).not.toBe(0);
    expect(repoDelete.stderr).toContain(DISALLOWED_MESSAGE);
    expect(emu.store.getRepository(repo)).toBeDefined();
  });

  test('a write-locked repository locks its images: untag and delete refused', async () => {
    const { repo, image } = await fresh();
    await azUpdate(['--repository', repo], ['--write-enabled', 'false']);
    const untag = await azUntag(`${repo}:v1`);
    expect(untag.code).not.toBe(0);
    expect((await skopeoDelete(repo, image.digest)).code).not.toBe(0);
    expect(emu.store.getTag(repo, 'v1')?.digest).toBe(image.digest);
  });

  test("deleting a manifest deletes its referrers graph (an SBOM and the SBOM's signature)", async () => {
    const { repo, image } = await fresh();
    const sbom = buildArtifact({
      artifactType: 'application/spdx+json',
      subject: image,
      layer: { mediaType: 'application/spdx+json', content: `{"for":"${repo}"}` },
    });
    const sbomSignature = buildArtifact({
      artifactType: 'application/vnd.cncf.notary.signature',
      subject: sbom,
      layer: { mediaType: 'application/jose+json', content: '{"signature":"c2ln"}' },
    });
    expect((await pushImage(emu, repo, sbom)).status).toBe(201);
    expect((await pushImage(emu, repo, sbomSignature)).status).toBe(201);
    const listed = (await az.manifest('list-referrers', `${repo}@${image.digest}`)) as {
      manifests: Array<{ digest: string; artifactType: string }>;
    };
    expect(listed.manifests).toEqual([
      expect.objectContaining({ digest: sbom.digest, artifactType: 'application/spdx+json' }),
    ]);

    const deleted = await skopeoDelete(repo, image.digest);
    expect([deleted.code, deleted.stderr]).toEqual([0, '']);
    for (const gone of [image.digest, sbom.digest, sbomSignature.digest]) {
      expect(emu.store.getManifest(repo, gone)).toBeUndefined();
      expect((await get(emu, `/v2/${repo}/manifests/${gone}`)).status).toBe(404);
    }
  });

  test("a lock refusal carries ACR's whole message, troubleshooting pointer included", async () => {
    const { repo, image } = await fresh();
    await azUpdate(['--image', `${repo}:v1`], ['--delete-enabled', 'false']);
    const untag = await azUntag(`${repo}:v1`);
    expect(untag.code).not.toBe(0);
    expect(untag.stderr).toContain(DISALLOWED_MESSAGE);
    emu.store.updateManifestAttributes(repo, image.digest, { deleteEnabled: false });
    const deleted = await skopeoDelete(repo, image.digest);
    expect(deleted.code).not.toBe(0);
    expect(deleted.stderr).toContain(
      'https://aka.ms/acr/faq/#why-does-my-pull-or-push-request-fail-with-disallowed-operation',
    );
  });

  test('manifest properties: imageSize is config plus layers, no platform without one, a new tag keeps lastUpdateTime', async () => {
    const { repo, image } = await fresh();
    const metadata = (digest: string) =>
      az.manifest('show-metadata', `${repo}@${digest}`) as Promise<Record<string, unknown>>;
    const before = await metadata(image.digest);
    expect(before.imageSize).toBe(image.blobs.reduce((sum, b) => sum + b.size, 0));
    expect(before).toMatchObject({ architecture: 'amd64', os: 'linux', tags: ['v1'] });

    const copy = await skopeo([
      'copy',
      '--preserve-digests',
      '--src-cert-dir',
      certDir(),
      '--dest-cert-dir',
      certDir(),
      '--src-creds',
      creds(),
      '--dest-creds',
      creds(),
      ref(repo, 'v1'),
      ref(repo, 'v1-again'),
    ]);
    expect([copy.code, copy.stderr]).toEqual([0, '']);
    const after = await metadata(image.digest);
    expect(after.tags).toEqual(['v1', 'v1-again']);
    expect(after.lastUpdateTime).toBe(before.lastUpdateTime);

    const artifact = buildArtifact({
      artifactType: 'application/example',
      subject: image,
      layer: { mediaType: 'text/plain', content: 'no platform here' },
    });
    expect((await pushImage(emu, repo, artifact)).status).toBe(201);
    const artifactMetadata = await metadata(artifact.digest);
    expect(artifactMetadata).not.toHaveProperty('architecture');
    expect(artifactMetadata).not.toHaveProperty('os');
    expect(artifactMetadata.imageSize).toBe(artifact.blobs.reduce((sum, b) => sum + b.size, 0));
  });
});
