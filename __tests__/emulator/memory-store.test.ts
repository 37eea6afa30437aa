import { describe, expect, test } from '@jest/globals';
import {
  MemoryRegistryStore,
  SAMPLES,
  SAMPLE_CONTENT,
  buildArtifact,
  buildImage,
  buildIndex,
  sha256Digest,
  storeBuilt,
} from '../../src/emulator/index.js';
import { seedSamples } from '../../src/emulator/seed/samples.js';

describe('seeded samples', () => {
  const store = new MemoryRegistryStore();
  seedSamples(store);

  test('digests are stable: the seed bytes never depend on the Node or zlib version', () => {
    expect(SAMPLES.plain.digest).toBe(
      'sha256:1e045acf949c9407093bf4f31dda22e707887fddde1fc054d2b224be23a0b549',
    );
    expect(SAMPLES.multiArch.digest).toBe(
      'sha256:8015b05d0e66a9558affd2b4e2d57cd9734191e2a2d7d1c6c2e7c943da15e672',
    );
    expect(SAMPLES.signed.digest).toBe(
      'sha256:cf24b08d07fd1fab21628db4b6ec1688a6aedd3800956e2a0d80cc092939a253',
    );
    expect(buildImage({ files: { a: 'x' } }).digest).toBe(buildImage({ files: { a: 'x' } }).digest);
  });

  test('every stored manifest and blob is the sha256 of its bytes, and everything referenced is there', () => {
    for (const repository of store.listRepositories()) {
      for (const manifest of store.listManifests(repository)) {
        expect(sha256Digest(manifest.bytes)).toBe(manifest.digest);
        for (const blob of manifest.blobs)
          expect(sha256Digest(store.getBlob(repository, blob) ?? Buffer.alloc(0))).toBe(blob);
        for (const child of manifest.references)
          expect(store.getManifest(repository, child.digest)).toBeDefined();
      }
    }
  });

  test('the samples look as documented', () => {
    expect(store.listRepositories()).toEqual([
      'samples/hello',
      'samples/multiarch',
      'samples/signed',
      'samples/supply-chain',
    ]);
    expect(store.getTag(SAMPLES.plain.repository, SAMPLES.plain.tag)?.digest).toBe(SAMPLES.plain.digest);
    expect(store.getManifest(SAMPLES.plain.repository, SAMPLES.plain.digest)).toMatchObject({
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      configMediaType: 'application/vnd.docker.container.image.v1+json',
      architecture: 'amd64',
      os: 'linux',
    });
    const index = store.getManifest(SAMPLES.multiArch.repository, SAMPLES.multiArch.digest);
    expect(index?.references).toEqual([
      { digest: SAMPLES.multiArch.children[0], architecture: 'amd64', os: 'linux' },
      { digest: SAMPLES.multiArch.children[1], architecture: 'arm64', os: 'linux' },
    ]);
    expect(index?.architecture).toBeUndefined();
    const referrers = store.listReferrers(SAMPLES.signed.repository, SAMPLES.signed.digest);
    expect(Object.fromEntries(referrers.map((r) => [r.digest, r.artifactType]))).toEqual({
      [SAMPLES.signed.referrers[0]]: 'application/vnd.cncf.notary.signature',
      [SAMPLES.signed.referrers[1]]: 'application/spdx+json',
    });
    expect(SAMPLE_CONTENT.sbom.digest).toBe(SAMPLES.signed.referrers[1]);
  });

  test('the supply-chain sample: signed index, evidence on every platform, a signed SBOM, a cosign tag', () => {
    const chain = SAMPLES.supplyChain;
    const referrers = (digest: string): Record<string, string | undefined> =>
      Object.fromEntries(
        store.listReferrers(chain.repository, digest).map((r) => [r.digest, r.artifactType]),
      );
    expect(store.getTag(chain.repository, chain.tag)?.digest).toBe(chain.digest);
    expect(store.getManifest(chain.repository, chain.digest)?.references.map((r) => r.architecture)).toEqual([
      'amd64',
      'arm64',
    ]);
    expect(referrers(chain.digest)).toEqual({ [chain.signature]: 'application/vnd.cncf.notary.signature' });
    chain.children.forEach((child, i) => {
      expect(referrers(child)).toEqual({
        [chain.sboms[i] ?? '']: 'application/spdx+json',
        [chain.attestations[i] ?? '']: 'application/vnd.in-toto+json',
      });
      expect(referrers(chain.sboms[i] ?? '')).toEqual({
        [chain.sbomSignatures[i] ?? '']: 'application/vnd.cncf.notary.signature',
      });
    });
    expect(chain.cosignTag).toBe(`sha256-${chain.digest.slice('sha256:'.length)}.sig`);
    expect(store.getTag(chain.repository, chain.cosignTag)?.digest).toBe(chain.cosignSignature);
    const cosign = store.getManifest(chain.repository, chain.cosignSignature);
    expect(cosign?.subject).toBeUndefined();
    expect(JSON.parse(cosign?.bytes.toString('utf8') ?? '{}')).toMatchObject({
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json' }],
    });
  });
});

describe('MemoryRegistryStore', () => {
  const image = buildImage({ files: { f: 'store\n' } });
  const other = buildImage({ files: { f: 'store 2\n' } });

  function fresh(): MemoryRegistryStore {
    const store = new MemoryRegistryStore();
    storeBuilt(store, 'r/a', image, 'v1');
    storeBuilt(store, 'r/a', other);
    return store;
  }

  test('a moved tag keeps its attributes and gets a later update time', () => {
    const store = fresh();
    const locked = store.updateTagAttributes('r/a', 'v1', { deleteEnabled: false });
    const moved = store.setTag('r/a', 'v1', other.digest);
    expect(moved.attributes.deleteEnabled).toBe(false);
    expect(moved.createdMs).toBe(locked?.createdMs);
    expect(moved.lastUpdateMs).toBeGreaterThan(locked?.lastUpdateMs ?? Infinity);
  });

  test('a re-pushed manifest keeps its attributes and times; setTag needs a known manifest', () => {
    const store = fresh();
    store.updateManifestAttributes('r/a', image.digest, { writeEnabled: false });
    const before = store.getManifest('r/a', image.digest);
    const again = store.putManifest('r/a', image.bytes);
    expect(again.attributes.writeEnabled).toBe(false);
    expect([again.createdMs, again.lastUpdateMs]).toEqual([before?.createdMs, before?.lastUpdateMs]);
    expect(() => store.setTag('r/a', 'x', `sha256:${'0'.repeat(64)}`)).toThrow(/not in the store/);
  });

  test('imageSize is config plus layers (an index: its children); platform only when the config names it', () => {
    const store = new MemoryRegistryStore();
    const withConfig = buildImage({ architecture: 'arm64', os: 'linux' });
    const index = buildIndex([{ image: withConfig, architecture: 'arm64', os: 'linux' }]);
    storeBuilt(store, 'r/s', index);
    const sizes = withConfig.blobs.reduce((sum, b) => sum + b.size, 0);
    expect(store.getManifest('r/s', withConfig.digest)).toMatchObject({
      imageSize: sizes,
      architecture: 'arm64',
      os: 'linux',
    });
    expect(store.getManifest('r/s', index.digest)?.imageSize).toBe(sizes);
    const artifact = buildArtifact({
      artifactType: 'application/example',
      subject: withConfig,
      layer: { mediaType: 'text/plain', content: 'hello' },
    });
    storeBuilt(store, 'r/s', artifact);
    const stored = store.getManifest('r/s', artifact.digest);
    expect(stored?.imageSize).toBe(2 + 5); // `{}` config, `hello` layer
    expect(stored && 'architecture' in stored).toBe(false);
    expect(stored && 'os' in stored).toBe(false);
  });

  test('deleting a manifest deletes its referrers graph with their tags, cycle-safe', () => {
    const store = fresh();
    const sbom = buildArtifact({
      artifactType: 'application/spdx+json',
      subject: image,
      layer: { mediaType: 'application/spdx+json', content: '{}' },
    });
    const sbomSignature = buildArtifact({
      artifactType: 'application/vnd.cncf.notary.signature',
      subject: sbom,
      layer: { mediaType: 'application/jose+json', content: '{}' },
    });
    storeBuilt(store, 'r/a', sbom);
    storeBuilt(store, 'r/a', sbomSignature, 'sig');
    expect(store.referrersGraph('r/a', image.digest)).toEqual([sbom.digest, sbomSignature.digest].sort());
    expect(store.deleteManifest('r/a', image.digest)).toBe(true);
    expect(store.listManifests('r/a').map((m) => m.digest)).toEqual([other.digest]);
    expect(store.getTag('r/a', 'sig')).toBeUndefined();
  });

  test('records are snapshots', () => {
    const store = fresh();
    const tag = store.getTag('r/a', 'v1');
    (tag?.attributes as { writeEnabled: boolean }).writeEnabled = false;
    expect(store.getTag('r/a', 'v1')?.attributes.writeEnabled).toBe(true);
  });

  test('deleting a manifest deletes its tags; deleting the repository reports what went', () => {
    const store = fresh();
    store.setTag('r/a', 'v2', image.digest);
    expect(store.tagsOf('r/a', image.digest)).toEqual(['v1', 'v2']);
    expect(store.deleteManifest('r/a', image.digest)).toBe(true);
    expect(store.listTags('r/a')).toEqual([]);
    store.setTag('r/a', 'w', other.digest);
    expect(store.deleteRepository('r/a')).toEqual({ manifestsDeleted: [other.digest], tagsDeleted: ['w'] });
    expect(store.getRepository('r/a')).toBeUndefined();
    expect(store.deleteRepository('r/a')).toBeUndefined();
  });

  test('uploads collect chunks until taken; blobs are linked per repository', () => {
    const store = fresh();
    const upload = store.startUpload('r/b');
    store.appendUpload(upload.id, Buffer.from('ab'));
    expect(store.appendUpload(upload.id, Buffer.from('c'))?.size).toBe(3);
    expect(store.takeUpload(upload.id)).toEqual(Buffer.from('abc'));
    expect(store.getUpload(upload.id)).toBeUndefined();
    const layer = image.blobs[1]?.digest ?? '';
    expect(store.getBlob('r/b', layer)).toBeUndefined();
    expect(store.linkBlob('r/b', layer)).toBe(true);
    expect(store.getBlob('r/b', layer)).toBeDefined();
    expect(store.unlinkBlob('r/b', layer)).toBe(true);
    expect(store.hasBlobAnywhere(layer)).toBe(true);
  });
});
