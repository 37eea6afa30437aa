import { sha256Digest } from '../store/digest.js';
import { MEDIA_TYPES } from '../store/media-types.js';
import type { RegistryStore } from '../store/registry-store.js';
import { gzipStored, tar } from './tar-gzip.js';

/** Content ready to push: bytes and the descriptor fields that name them. */
export interface BuiltBlob {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
}

export interface BuiltManifest extends BuiltBlob {
  /** Config and layers (empty for an index). */
  readonly blobs: readonly BuiltBlob[];
  /** Platform manifests of an index (empty otherwise). */
  readonly children: readonly BuiltManifest[];
}

export interface ImageSpec {
  architecture?: string;
  os?: string;
  /** Files of the single layer; default one small text file. */
  files?: Readonly<Record<string, string>>;
  /** `oci` (default) or `docker` (Docker v2 schema 2 media types). */
  format?: 'oci' | 'docker';
  annotations?: Record<string, string>;
}

export interface ArtifactSpec {
  artifactType: string;
  subject: BuiltBlob;
  /** The artifact's one layer. */
  layer: { mediaType: string; content: string };
  annotations?: Record<string, string>;
}

function blob(mediaType: string, bytes: Buffer): BuiltBlob {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.length, bytes };
}

function descriptorOf(b: BuiltBlob): { mediaType: string; digest: string; size: number } {
  return { mediaType: b.mediaType, digest: b.digest, size: b.size };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A runnable-looking single-platform image: real config, one gzip'd tar layer, consistent digests. */
export function buildImage(spec: ImageSpec = {}): BuiltManifest {
  const architecture = spec.architecture ?? 'amd64';
  const os = spec.os ?? 'linux';
  const docker = spec.format === 'docker';
  const layerTar = tar(
    spec.files ?? { 'hello.txt': `Hello from the acr-lock emulator (${os}/${architecture})\n` },
  );
  const layer = blob(
    docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : MEDIA_TYPES.ociLayerGzip,
    gzipStored(layerTar),
  );
  const config = blob(
    docker ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig,
    json({
      created: '2024-01-01T00:00:00Z',
      architecture,
      os,
      config: { Cmd: ['/bin/cat', '/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [sha256Digest(layerTar)] },
      history: [{ created: '2024-01-01T00:00:00Z', created_by: 'acr-lock emulator seed' }],
    }),
  );
  const mediaType = docker ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.ociManifest;
  const body: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType,
    config: descriptorOf(config),
    layers: [descriptorOf(layer)],
  };
  if (spec.annotations) body.annotations = spec.annotations;
  return { ...blob(mediaType, json(body)), blobs: [config, layer], children: [] };
}

/** An OCI image index over the given images; each image's config names its platform. */
export function buildIndex(
  images: ReadonlyArray<{ image: BuiltManifest; architecture: string; os: string }>,
  annotations?: Record<string, string>,
): BuiltManifest {
  const body: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: images.map(({ image, architecture, os }) => ({
      ...descriptorOf(image),
      platform: { architecture, os },
    })),
  };
  if (annotations) body.annotations = annotations;
  return { ...blob(MEDIA_TYPES.ociIndex, json(body)), blobs: [], children: images.map((i) => i.image) };
}

/** An OCI artifact (signature, SBOM, ...) that refers to `subject`: a referrer. */
export function buildArtifact(spec: ArtifactSpec): BuiltManifest {
  const empty = blob(MEDIA_TYPES.ociEmpty, Buffer.from('{}'));
  const layer = blob(spec.layer.mediaType, Buffer.from(spec.layer.content, 'utf8'));
  const body: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: spec.artifactType,
    config: descriptorOf(empty),
    layers: [descriptorOf(layer)],
    subject: descriptorOf(spec.subject),
  };
  if (spec.annotations) body.annotations = spec.annotations;
  return { ...blob(MEDIA_TYPES.ociManifest, json(body)), blobs: [empty, layer], children: [] };
}

/**
 * A cosign signature as `cosign sign` pushes it without the referrers API: no subject, found
 * through the tag `sha256-<hex of the signed digest>.sig`; one simple-signing layer whose
 * annotation holds the (here made-up) signature.
 */
export function buildCosignSignature(signed: BuiltBlob, dockerReference: string): BuiltManifest {
  const payload = blob(
    'application/vnd.dev.cosign.simplesigning.v1+json',
    json({
      critical: {
        identity: { 'docker-reference': dockerReference },
        image: { 'docker-manifest-digest': signed.digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
  const config = blob(
    MEDIA_TYPES.ociConfig,
    json({ rootfs: { type: 'layers', diff_ids: [payload.digest] }, config: {} }),
  );
  const body = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: descriptorOf(config),
    layers: [
      {
        ...descriptorOf(payload),
        annotations: { 'dev.cosignproject.cosign/signature': 'TUVVQ0lRRGVtdWxhdG9yLXNpZ25hdHVyZQ==' },
      },
    ],
  };
  return { ...blob(MEDIA_TYPES.ociManifest, json(body)), blobs: [config, payload], children: [] };
}

/** The tag cosign gives the signature of `digest`: `sha256-<hex>.sig`. */
export function cosignSignatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

/** Writes built content straight into a store (children first, as a push would), then tags it. */
export function storeBuilt(
  store: RegistryStore,
  repository: string,
  built: BuiltManifest,
  tag?: string,
): void {
  for (const child of built.children) storeBuilt(store, repository, child);
  for (const b of built.blobs) store.putBlob(repository, b.bytes);
  store.putManifest(repository, built.bytes, built.mediaType);
  if (tag !== undefined) store.setTag(repository, tag, built.digest);
}
