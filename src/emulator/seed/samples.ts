import type { RegistryStore } from '../store/registry-store.js';
import { buildArtifact, buildImage, buildIndex, storeBuilt, type BuiltManifest } from './image-builder.js';

/** The seeded content, built once: deterministic bytes, so the digests never change. */
const plainImage = buildImage({ format: 'docker', files: { 'hello.txt': 'Hello from samples/hello\n' } });
const amd64 = buildImage({ architecture: 'amd64', os: 'linux' });
const arm64 = buildImage({ architecture: 'arm64', os: 'linux' });
const multiArchIndex = buildIndex([
  { image: amd64, architecture: 'amd64', os: 'linux' },
  { image: arm64, architecture: 'arm64', os: 'linux' },
]);
const signedImage = buildImage({ files: { 'hello.txt': 'Hello from samples/signed\n' } });
const signature = buildArtifact({
  artifactType: 'application/vnd.cncf.notary.signature',
  subject: signedImage,
  layer: {
    mediaType: 'application/jose+json',
    content: JSON.stringify({ payload: 'e30', protected: 'e30', header: {}, signature: 'c2ln' }),
  },
  annotations: { 'io.cncf.notary.x509chain.thumbprint#S256': '["0000"]' },
});
const sbom = buildArtifact({
  artifactType: 'application/spdx+json',
  subject: signedImage,
  layer: {
    mediaType: 'application/spdx+json',
    content: JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'samples/signed',
      packages: [],
    }),
  },
});

/**
 * References to the seeded sample images (`seed: true`), digests computed from the seeded bytes:
 * - `plain`: `samples/hello:1.0`, a Docker v2 image (config + one gzip'd tar layer).
 * - `multiArch`: `samples/multiarch:1.0`, an OCI index; `children` are its linux/amd64 and
 *   linux/arm64 image digests, in that order.
 * - `signed`: `samples/signed:1.0`, an OCI image; `referrers` are its notary signature
 *   (`application/vnd.cncf.notary.signature`) and SPDX SBOM (`application/spdx+json`), in that order.
 */
export const SAMPLES = {
  plain: { repository: 'samples/hello', tag: '1.0', digest: plainImage.digest },
  multiArch: {
    repository: 'samples/multiarch',
    tag: '1.0',
    digest: multiArchIndex.digest,
    children: [amd64.digest, arm64.digest],
  },
  signed: {
    repository: 'samples/signed',
    tag: '1.0',
    digest: signedImage.digest,
    referrers: [signature.digest, sbom.digest],
  },
} as const satisfies {
  plain: SampleImage;
  multiArch: SampleImage & { children: readonly string[] };
  signed: SampleImage & { referrers: readonly string[] };
};

export interface SampleImage {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
}

/** The built sample content, for tests that need the bytes. */
export const SAMPLE_CONTENT: Readonly<Record<'plain' | 'multiArch' | 'signed', BuiltManifest>> & {
  readonly signature: BuiltManifest;
  readonly sbom: BuiltManifest;
} = { plain: plainImage, multiArch: multiArchIndex, signed: signedImage, signature, sbom };

export function seedSamples(store: RegistryStore): void {
  storeBuilt(store, SAMPLES.plain.repository, plainImage, SAMPLES.plain.tag);
  storeBuilt(store, SAMPLES.multiArch.repository, multiArchIndex, SAMPLES.multiArch.tag);
  storeBuilt(store, SAMPLES.signed.repository, signedImage, SAMPLES.signed.tag);
  storeBuilt(store, SAMPLES.signed.repository, signature);
  storeBuilt(store, SAMPLES.signed.repository, sbom);
}
