import {
  buildArtifact,
  buildImage,
  buildIndex,
  storeBuilt,
  type BuiltManifest,
  type RegistryStore,
} from '../../../src/emulator/index.js';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../../src/core/model/attributes.js';

export const SPDX = 'application/spdx+json';
export const NOTARY = 'application/vnd.cncf.notary.signature';
export const COSIGN_SIG = 'application/vnd.dev.cosign.artifact.sig.v1+json';

const notary = (subject: BuiltManifest, note: string): BuiltManifest =>
  buildArtifact({
    artifactType: NOTARY,
    subject,
    layer: { mediaType: 'application/jose+json', content: JSON.stringify({ signature: note }) },
  });

/** A cosign signature as `cosign sign` pushes it without the referrers API: no subject, only a tag. */
export function cosignSignature(signed: string): BuiltManifest {
  return buildImage({ files: { 'simplesigning.json': JSON.stringify({ critical: { image: signed } }) } });
}

/** `sha256:<hex>` → `sha256-<hex>`. */
export const digestTag = (digest: string): string => digest.replace(':', '-');

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export interface FallbackTree {
  readonly image: BuiltManifest;
  readonly sbom: BuiltManifest;
  /** The index the fallback tag `sha256-<image hex>` names, listing the SBOM. */
  readonly fallback: string;
}

/**
 * An image tagged `1.0` in `repository` with an SPDX SBOM that only the OCI 1.1 fallback tag scheme lists
 * (as pushed to a registry without the referrers API); `content` keeps each caller's image its own.
 */
export function seedFallbackTree(store: RegistryStore, repository: string, content: string): FallbackTree {
  const image = buildImage({ files: { 'f.txt': content } });
  const sbom = buildArtifact({
    artifactType: SPDX,
    subject: image,
    layer: { mediaType: SPDX, content: '{}' },
  });
  storeBuilt(store, repository, image, '1.0');
  storeBuilt(store, repository, sbom);
  const list = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType: sbom.mediaType, digest: sbom.digest, size: sbom.size, artifactType: SPDX }],
  });
  const fallback = store.putManifest(repository, Buffer.from(list), OCI_INDEX);
  store.setTag(repository, digestTag(image.digest), fallback.digest);
  return { image, sbom, fallback: fallback.digest };
}

export interface Chain {
  readonly repository: string;
  readonly tag: string;
  readonly index: string;
  readonly platforms: readonly string[];
  readonly sboms: readonly string[];
  readonly signatures: readonly string[];
  readonly sbomSignatures: readonly string[];
  /** The index's cosign signature and the tag (`sha256-<index hex>.sig`) that names it. */
  readonly cosignTag: string;
  readonly cosign: string;
  /** Every manifest of the tree. */
  readonly manifests: readonly string[];
  /** Every tag of the tree. */
  readonly tags: readonly string[];
}

/**
 * The bench's and the tests' signed multi-arch image, pushed into `repository`: an index of two
 * platforms, each with an SPDX SBOM and a notary signature as referrers, each SBOM signed, and the
 * index signed by cosign through its tag scheme.
 */
export function seedChain(store: RegistryStore, repository: string, tag = '1.0', salt = ''): Chain {
  const platforms = (['amd64', 'arm64'] as const).map((architecture) => {
    const image = buildImage({
      architecture,
      os: 'linux',
      files: { 'hello.txt': `Hello from ${repository}${salt} (linux/${architecture})\n` },
    });
    const sbom = buildArtifact({
      artifactType: SPDX,
      subject: image,
      layer: { mediaType: SPDX, content: JSON.stringify({ spdxVersion: 'SPDX-2.3', name: architecture }) },
    });
    return {
      architecture,
      image,
      sbom,
      signature: notary(image, architecture),
      sbomSignature: notary(sbom, `sbom-${architecture}`),
    };
  });
  const index = buildIndex(
    platforms.map(({ image, architecture }) => ({ image, architecture, os: 'linux' })),
  );
  const cosign = cosignSignature(index.digest);
  const cosignTag = `${digestTag(index.digest)}.sig`;
  storeBuilt(store, repository, index, tag);
  for (const p of platforms) {
    storeBuilt(store, repository, p.sbom);
    storeBuilt(store, repository, p.signature);
    storeBuilt(store, repository, p.sbomSignature);
  }
  storeBuilt(store, repository, cosign, cosignTag);
  const chain = {
    repository,
    tag,
    index: index.digest,
    platforms: platforms.map((p) => p.image.digest),
    sboms: platforms.map((p) => p.sbom.digest),
    signatures: platforms.map((p) => p.signature.digest),
    sbomSignatures: platforms.map((p) => p.sbomSignature.digest),
    cosignTag,
    cosign: cosign.digest,
  };
  return {
    ...chain,
    manifests: [
      chain.index,
      ...chain.platforms,
      ...chain.sboms,
      ...chain.signatures,
      ...chain.sbomSignatures,
      chain.cosign,
    ],
    tags: [tag, cosignTag],
  };
}

function attributes(record: { attributes: LockAttributes } | undefined): LockAttributes {
  if (!record) throw new Error('not in the registry');
  const { writeEnabled, deleteEnabled, readEnabled, listEnabled } = record.attributes;
  return { writeEnabled, deleteEnabled, readEnabled, listEnabled };
}

/** The registry's real state of a manifest or tag, read back from the emulator's store. */
export const manifestState = (store: RegistryStore, repository: string, digest: string): LockAttributes =>
  attributes(store.getManifest(repository, digest));
export const tagState = (store: RegistryStore, repository: string, tag: string): LockAttributes =>
  attributes(store.getTag(repository, tag));

/** Every attribute of every repository, tag and manifest back to its default. */
export function resetAttributes(store: RegistryStore): void {
  for (const repo of store.listRepositories()) {
    store.updateRepositoryAttributes(repo, DEFAULT_ATTRIBUTES);
    for (const tag of store.listTags(repo)) store.updateTagAttributes(repo, tag.name, DEFAULT_ATTRIBUTES);
    for (const m of store.listManifests(repo))
      store.updateManifestAttributes(repo, m.digest, DEFAULT_ATTRIBUTES);
  }
}

export const LOCKED: LockAttributes = { ...DEFAULT_ATTRIBUTES, writeEnabled: false, deleteEnabled: false };
