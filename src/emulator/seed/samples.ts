import type { RegistryStore } from '../store/registry-store.js';
import {
  buildArtifact,
  buildCosignSignature,
  buildImage,
  buildIndex,
  cosignSignatureTag,
  storeBuilt,
  type BuiltManifest,
} from './image-builder.js';

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

/** The supply-chain sample: a signed multi-arch image whose every platform carries evidence. */
const NOTARY_SIGNATURE = 'application/vnd.cncf.notary.signature';
const SPDX = 'application/spdx+json';
const IN_TOTO = 'application/vnd.in-toto+json';
const notarySignature = (subject: BuiltManifest, note: string): BuiltManifest =>
  buildArtifact({
    artifactType: NOTARY_SIGNATURE,
    subject,
    layer: {
      mediaType: 'application/jose+json',
      content: JSON.stringify({ payload: 'e30', protected: 'e30', header: {}, signature: note }),
    },
  });
const chainPlatforms = (['amd64', 'arm64'] as const).map((architecture) => {
  const image = buildImage({
    architecture,
    os: 'linux',
    files: { 'hello.txt': `Hello from samples/supply-chain (linux/${architecture})\n` },
  });
  const sbom = buildArtifact({
    artifactType: SPDX,
    subject: image,
    layer: {
      mediaType: SPDX,
      content: JSON.stringify({
        spdxVersion: 'SPDX-2.3',
        name: `samples/supply-chain linux/${architecture}`,
      }),
    },
  });
  const attestation = buildArtifact({
    artifactType: IN_TOTO,
    subject: image,
    layer: {
      mediaType: IN_TOTO,
      content: JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        predicateType: 'https://slsa.dev/provenance/v1',
      }),
    },
  });
  return {
    architecture,
    image,
    sbom,
    attestation,
    sbomSignature: notarySignature(sbom, `sbom-${architecture}`),
  };
});
const chainIndex = buildIndex(
  chainPlatforms.map(({ image, architecture }) => ({ image, architecture, os: 'linux' })),
);
const chainSignature = notarySignature(chainIndex, 'index');
const chainCosignSignature = buildCosignSignature(chainIndex, 'samples/supply-chain');

/**
 * References to the seeded sample images (`seed: true`), digests computed from the seeded bytes:
 * - `plain`: `samples/hello:1.0`, a Docker v2 image (config + one gzip'd tar layer).
 * - `multiArch`: `samples/multiarch:1.0`, an OCI index; `children` are its linux/amd64 and
 *   linux/arm64 image digests, in that order.
 * - `signed`: `samples/signed:1.0`, an OCI image; `referrers` are its notary signature
 *   (`application/vnd.cncf.notary.signature`) and SPDX SBOM (`application/spdx+json`), in that order.
 * - `supplyChain`: `samples/supply-chain:1.0`, a signed multi-arch OCI index (linux/amd64, then
 *   linux/arm64 in `children`): the index has a notary `signature` referrer and a cosign signature
 *   tagged `cosignTag` (`sha256-<hex>.sig`, no subject); each platform manifest has an SPDX SBOM
 *   (`sboms`) and an in-toto attestation (`attestations`) as referrers, and each SBOM a notary
 *   signature (`sbomSignatures`); every list in `children` order.
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
  supplyChain: {
    repository: 'samples/supply-chain',
    tag: '1.0',
    digest: chainIndex.digest,
    children: chainPlatforms.map((p) => p.image.digest),
    signature: chainSignature.digest,
    cosignTag: cosignSignatureTag(chainIndex.digest),
    cosignSignature: chainCosignSignature.digest,
    sboms: chainPlatforms.map((p) => p.sbom.digest),
    attestations: chainPlatforms.map((p) => p.attestation.digest),
    sbomSignatures: chainPlatforms.map((p) => p.sbomSignature.digest),
  },
} as const satisfies {
  plain: SampleImage;
  multiArch: SampleImage & { children: readonly string[] };
  signed: SampleImage & { referrers: readonly string[] };
  supplyChain: SampleImage & {
    children: readonly string[];
    signature: string;
    cosignTag: string;
    cosignSignature: string;
    sboms: readonly string[];
    attestations: readonly string[];
    sbomSignatures: readonly string[];
  };
};

export interface SampleImage {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
}

/** The built sample content, for tests that need the bytes. */
export const SAMPLE_CONTENT: Readonly<
  Record<'plain' | 'multiArch' | 'signed' | 'supplyChain', BuiltManifest>
> & {
  readonly signature: BuiltManifest;
  readonly sbom: BuiltManifest;
  readonly supplyChainCosignSignature: BuiltManifest;
} = {
  plain: plainImage,
  multiArch: multiArchIndex,
  signed: signedImage,
  signature,
  sbom,
  supplyChain: chainIndex,
  supplyChainCosignSignature: chainCosignSignature,
};

export function seedSamples(store: RegistryStore): void {
  storeBuilt(store, SAMPLES.plain.repository, plainImage, SAMPLES.plain.tag);
  storeBuilt(store, SAMPLES.multiArch.repository, multiArchIndex, SAMPLES.multiArch.tag);
  storeBuilt(store, SAMPLES.signed.repository, signedImage, SAMPLES.signed.tag);
  storeBuilt(store, SAMPLES.signed.repository, signature);
  storeBuilt(store, SAMPLES.signed.repository, sbom);
  const chain = SAMPLES.supplyChain.repository;
  storeBuilt(store, chain, chainIndex, SAMPLES.supplyChain.tag);
  storeBuilt(store, chain, chainSignature);
  for (const p of chainPlatforms) {
    storeBuilt(store, chain, p.sbom);
    storeBuilt(store, chain, p.attestation);
    storeBuilt(store, chain, p.sbomSignature);
  }
  storeBuilt(store, chain, chainCosignSignature, SAMPLES.supplyChain.cosignTag);
}
