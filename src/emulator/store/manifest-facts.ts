import { isIndexMediaType } from './media-types.js';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture?: string; os?: string; variant?: string };
}

/** What a manifest says about itself, read once from its JSON. */
export interface ManifestFacts {
  mediaType: string;
  isIndex: boolean;
  config?: Descriptor;
  layers: Descriptor[];
  children: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export class ManifestParseError extends Error {}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestParseError(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function descriptor(value: unknown, what: string): Descriptor {
  const d = asRecord(value, what);
  if (typeof d.digest !== 'string' || typeof d.mediaType !== 'string' || typeof d.size !== 'number') {
    throw new ManifestParseError(`${what} needs mediaType, digest and size`);
  }
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (typeof d.artifactType === 'string') out.artifactType = d.artifactType;
  const annotations = stringMap(d.annotations);
  if (annotations) out.annotations = annotations;
  if (typeof d.platform === 'object' && d.platform !== null) {
    const p = d.platform as Record<string, unknown>;
    out.platform = {};
    if (typeof p.architecture === 'string') out.platform.architecture = p.architecture;
    if (typeof p.os === 'string') out.platform.os = p.os;
    if (typeof p.variant === 'string') out.platform.variant = p.variant;
  }
  return out;
}

function descriptors(value: unknown, what: string): Descriptor[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ManifestParseError(`${what} must be an array`);
  return value.map((v, i) => descriptor(v, `${what}[${i}]`));
}

/**
 * Parses manifest bytes. The media type comes from the body when it names one, else from the
 * Content-Type the client sent (OCI manifests may leave `mediaType` out).
 */
export function parseManifest(bytes: Buffer, contentType?: string): ManifestFacts {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ManifestParseError('manifest is not valid JSON');
  }
  const m = asRecord(json, 'manifest');
  if (m.schemaVersion !== 2) throw new ManifestParseError('only schemaVersion 2 manifests are supported');
  const header = contentType?.split(';')[0]?.trim();
  const mediaType =
    typeof m.mediaType === 'string'
      ? m.mediaType
      : header && header !== 'application/json' && header !== 'application/octet-stream'
        ? header
        : Array.isArray(m.manifests)
          ? 'application/vnd.oci.image.index.v1+json'
          : 'application/vnd.oci.image.manifest.v1+json';
  const isIndex = isIndexMediaType(mediaType);
  const facts: ManifestFacts = {
    mediaType,
    isIndex,
    layers: isIndex ? [] : descriptors(m.layers, 'layers'),
    children: isIndex ? descriptors(m.manifests, 'manifests') : [],
  };
  if (!isIndex) {
    if (m.config === undefined) throw new ManifestParseError('an image manifest needs a config');
    facts.config = descriptor(m.config, 'config');
  }
  if (m.subject !== undefined) facts.subject = descriptor(m.subject, 'subject');
  if (typeof m.artifactType === 'string') facts.artifactType = m.artifactType;
  const annotations = stringMap(m.annotations);
  if (annotations) facts.annotations = annotations;
  return facts;
}
