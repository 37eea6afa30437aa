import { randomUUID } from 'node:crypto';
import { MonotonicClock } from './clock.js';
import { sha256Digest } from './digest.js';
import { parseManifest, type ManifestFacts } from './manifest-facts.js';
import { isImageConfigMediaType, MEDIA_TYPES } from './media-types.js';
import { OrderedRecords } from './ordered-records.js';
import {
  DEFAULT_CHANGEABLE_ATTRIBUTES,
  type AttributePatch,
  type ChangeableAttributes,
  type DeletedRepository,
  type ListingPage,
  type ListingQuery,
  type ManifestRecord,
  type PlatformReference,
  type RegistryStore,
  type RepositoryRecord,
  type TagRecord,
  type UploadRecord,
} from './registry-store.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface RepositoryState {
  record: Mutable<RepositoryRecord>;
  tags: OrderedRecords<Mutable<TagRecord>>;
  manifests: OrderedRecords<Mutable<ManifestRecord>>;
  /** Tag names by the digest they point at. */
  tagsByDigest: Map<string, Set<string>>;
  /** Digests of the manifests whose `subject` is the key. */
  referrersBySubject: Map<string, Set<string>>;
  blobs: Set<string>;
}

function emptyRepository(record: Mutable<RepositoryRecord>): RepositoryState {
  return {
    record,
    tags: new OrderedRecords((t) => t.name),
    manifests: new OrderedRecords((m) => m.digest),
    tagsByDigest: new Map(),
    referrersBySubject: new Map(),
    blobs: new Set(),
  };
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set?.delete(value)) return;
  if (set.size === 0) index.delete(key);
}

function addTag(repo: RepositoryState, tag: Mutable<TagRecord>): void {
  repo.tags.add(tag);
  addTo(repo.tagsByDigest, tag.digest, tag.name);
}

function addManifest(repo: RepositoryState, manifest: Mutable<ManifestRecord>): void {
  repo.manifests.add(manifest);
  if (manifest.subject !== undefined) addTo(repo.referrersBySubject, manifest.subject, manifest.digest);
}

interface UploadState {
  repository: string;
  chunks: Buffer[];
  size: number;
}

const UNKNOWN = 'unknown';

function applyPatch(target: ChangeableAttributes, patch: AttributePatch): ChangeableAttributes {
  const next = { ...target };
  for (const key of Object.keys(next) as Array<keyof ChangeableAttributes>) {
    const value = patch[key];
    if (typeof value === 'boolean') next[key] = value;
  }
  return next;
}

function copyRepository(r: RepositoryRecord): RepositoryRecord {
  return { ...r, attributes: { ...r.attributes } };
}
function copyTag(t: TagRecord): TagRecord {
  return { ...t, attributes: { ...t.attributes } };
}
function copyManifest(m: ManifestRecord): ManifestRecord {
  return {
    ...m,
    bytes: Buffer.from(m.bytes),
    references: m.references.map((r) => ({ ...r })),
    blobs: [...m.blobs],
    attributes: { ...m.attributes },
    ...(m.annotations ? { annotations: { ...m.annotations } } : {}),
  };
}

/** A store's content as plain JSON (manifest bytes in base64), without blob bytes or uploads. */
export interface StoreSnapshot {
  version: 1;
  repositories: Array<{
    record: RepositoryRecord;
    tags: TagRecord[];
    manifests: Array<Omit<ManifestRecord, 'bytes'> & { bytes: string }>;
    blobs: string[];
  }>;
}

/** The in-memory RegistryStore: plain maps; `--data-dir` persists it through snapshots. */
export class MemoryRegistryStore implements RegistryStore {
  private readonly repositories = new Map<string, RepositoryState>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly uploads = new Map<string, UploadState>();
  private readonly clock = new MonotonicClock();

  toSnapshot(): StoreSnapshot {
    return {
      version: 1,
      repositories: [...this.repositories.values()].map((repo) => ({
        record: copyRepository(repo.record),
        tags: [...repo.tags.values()].map(copyTag),
        manifests: [...repo.manifests.values()].map((m) => ({
          ...copyManifest(m),
          bytes: m.bytes.toString('base64'),
        })),
        blobs: [...repo.blobs],
      })),
    };
  }

  /** Every blob digest held, and its bytes (for persisting them one file each). */
  blobEntries(): Array<[string, Buffer]> {
    return [...this.blobs.entries()];
  }

  static fromSnapshot(
    snapshot: StoreSnapshot,
    blobBytes: (digest: string) => Buffer | undefined,
  ): MemoryRegistryStore {
    const store = new MemoryRegistryStore();
    for (const repo of snapshot.repositories) {
      const state = emptyRepository(copyRepository(repo.record));
      for (const m of repo.manifests)
        addManifest(state, copyManifest({ ...m, bytes: Buffer.from(m.bytes, 'base64') }));
      for (const t of repo.tags) addTag(state, copyTag(t));
      for (const digest of repo.blobs) {
        const bytes = store.blobs.get(digest) ?? blobBytes(digest);
        if (!bytes) continue;
        store.blobs.set(digest, bytes);
        state.blobs.add(digest);
      }
      store.repositories.set(repo.record.name, state);
    }
    return store;
  }

  listRepositories(): string[] {
    return [...this.repositories.keys()].sort();
  }

  getRepository(name: string): RepositoryRecord | undefined {
    const repo = this.repositories.get(name);
    return repo && copyRepository(repo.record);
  }

  deleteRepository(name: string): DeletedRepository | undefined {
    const repo = this.repositories.get(name);
    if (!repo) return undefined;
    this.repositories.delete(name);
    return { manifestsDeleted: [...repo.manifests.keys()].sort(), tagsDeleted: [...repo.tags.keys()].sort() };
  }

  updateRepositoryAttributes(name: string, patch: AttributePatch): RepositoryRecord | undefined {
    const repo = this.repositories.get(name);
    if (!repo) return undefined;
    repo.record.attributes = applyPatch(repo.record.attributes, patch);
    return copyRepository(repo.record);
  }

  listTags(repository: string): TagRecord[] {
    return this.repositories.get(repository)?.tags.sorted().map(copyTag) ?? [];
  }

  pageTags(repository: string, query: ListingQuery<TagRecord> & { digest?: string }): ListingPage<TagRecord> {
    const repo = this.repositories.get(repository);
    if (!repo) return { items: [], more: false };
    const among =
      query.digest === undefined
        ? undefined
        : [...(repo.tagsByDigest.get(query.digest) ?? [])].map((name) => repo.tags.get(name) as TagRecord);
    const page = repo.tags.page(query, among);
    return { items: page.items.map(copyTag), more: page.more };
  }

  tagCount(repository: string): number {
    return this.repositories.get(repository)?.tags.size ?? 0;
  }

  getTag(repository: string, tag: string): TagRecord | undefined {
    const t = this.repositories.get(repository)?.tags.get(tag);
    return t && copyTag(t);
  }

  setTag(repository: string, tag: string, digest: string): TagRecord {
    const repo = this.repositories.get(repository);
    if (!repo?.manifests.has(digest)) throw new Error(`manifest ${repository}@${digest} is not in the store`);
    const now = this.clock.nowMs();
    const existing = repo.tags.get(tag);
    if (existing) {
      removeFrom(repo.tagsByDigest, existing.digest, tag);
      addTo(repo.tagsByDigest, digest, tag);
      existing.digest = digest;
      repo.tags.touch(existing, now);
    } else {
      addTag(repo, {
        repository,
        name: tag,
        digest,
        createdMs: now,
        lastUpdateMs: now,
        attributes: { ...DEFAULT_CHANGEABLE_ATTRIBUTES },
      });
    }
    repo.record.lastUpdateMs = now;
    return copyTag(repo.tags.get(tag) as TagRecord);
  }

  deleteTag(repository: string, tag: string): boolean {
    const repo = this.repositories.get(repository);
    const gone = repo?.tags.delete(tag);
    if (!repo || !gone) return false;
    removeFrom(repo.tagsByDigest, gone.digest, tag);
    repo.record.lastUpdateMs = this.clock.nowMs();
    return true;
  }

  updateTagAttributes(repository: string, tag: string, patch: AttributePatch): TagRecord | undefined {
    const t = this.repositories.get(repository)?.tags.get(tag);
    if (!t) return undefined;
    t.attributes = applyPatch(t.attributes, patch);
    return copyTag(t);
  }

  listManifests(repository: string): ManifestRecord[] {
    return this.repositories.get(repository)?.manifests.sorted().map(copyManifest) ?? [];
  }

  pageManifests(repository: string, query: ListingQuery<ManifestRecord>): ListingPage<ManifestRecord> {
    const page = this.repositories.get(repository)?.manifests.page(query);
    return page ? { items: page.items.map(copyManifest), more: page.more } : { items: [], more: false };
  }

  manifestCount(repository: string): number {
    return this.repositories.get(repository)?.manifests.size ?? 0;
  }

  getManifest(repository: string, digest: string): ManifestRecord | undefined {
    const m = this.repositories.get(repository)?.manifests.get(digest);
    return m && copyManifest(m);
  }

  putManifest(repository: string, bytes: Buffer, mediaType?: string): ManifestRecord {
    const facts = parseManifest(bytes, mediaType);
    const repo = this.ensureRepository(repository);
    const digest = sha256Digest(bytes);
    const existing = repo.manifests.get(digest);
    // Pushing bytes that are already there (a new tag for them) changes neither the manifest's
    // times nor its attributes: ACR's time-ordered listings would otherwise reorder.
    if (existing) return copyManifest(existing);
    const now = this.clock.nowMs();
    const record: Mutable<ManifestRecord> = {
      repository,
      digest,
      mediaType: facts.mediaType,
      bytes: Buffer.from(bytes),
      imageSize: this.imageSize(repo, facts),
      createdMs: now,
      lastUpdateMs: now,
      references: facts.children.map((c): PlatformReference => ({
        digest: c.digest,
        architecture: c.platform?.architecture ?? UNKNOWN,
        os: c.platform?.os ?? UNKNOWN,
      })),
      blobs: [...(facts.config ? [facts.config.digest] : []), ...facts.layers.map((l) => l.digest)],
      attributes: { ...DEFAULT_CHANGEABLE_ATTRIBUTES },
    };
    if (!facts.isIndex && facts.config) {
      const platform = this.platformOf(facts.config.mediaType, facts.config.digest);
      if (platform.architecture !== undefined) record.architecture = platform.architecture;
      if (platform.os !== undefined) record.os = platform.os;
      record.configMediaType = facts.config.mediaType;
    }
    if (facts.subject) record.subject = facts.subject.digest;
    const artifactType =
      facts.artifactType ??
      (facts.config &&
      !isImageConfigMediaType(facts.config.mediaType) &&
      facts.config.mediaType !== MEDIA_TYPES.ociEmpty
        ? facts.config.mediaType
        : undefined);
    if (artifactType) record.artifactType = artifactType;
    if (facts.annotations) record.annotations = facts.annotations;
    addManifest(repo, record);
    repo.record.lastUpdateMs = now;
    return copyManifest(record);
  }

  deleteManifest(repository: string, digest: string): boolean {
    const repo = this.repositories.get(repository);
    if (!repo?.manifests.has(digest)) return false;
    for (const gone of [digest, ...this.referrersGraph(repository, digest)]) {
      const manifest = repo.manifests.delete(gone);
      if (manifest?.subject !== undefined) removeFrom(repo.referrersBySubject, manifest.subject, gone);
      for (const name of repo.tagsByDigest.get(gone) ?? []) repo.tags.delete(name);
      repo.tagsByDigest.delete(gone);
    }
    repo.record.lastUpdateMs = this.clock.nowMs();
    return true;
  }

  updateManifestAttributes(
    repository: string,
    digest: string,
    patch: AttributePatch,
  ): ManifestRecord | undefined {
    const m = this.repositories.get(repository)?.manifests.get(digest);
    if (!m) return undefined;
    m.attributes = applyPatch(m.attributes, patch);
    return copyManifest(m);
  }

  tagsOf(repository: string, digest: string): string[] {
    return [...(this.repositories.get(repository)?.tagsByDigest.get(digest) ?? [])].sort();
  }

  listReferrers(repository: string, digest: string): ManifestRecord[] {
    const repo = this.repositories.get(repository);
    if (!repo) return [];
    return [...(repo.referrersBySubject.get(digest) ?? [])]
      .sort()
      .map((d) => copyManifest(repo.manifests.get(d) as ManifestRecord));
  }

  referrersGraph(repository: string, digest: string): string[] {
    const referrers = this.repositories.get(repository)?.referrersBySubject;
    const found = new Set<string>([digest]);
    const queue = [digest];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const referrer of referrers?.get(next) ?? []) {
        if (found.has(referrer)) continue;
        found.add(referrer);
        queue.push(referrer);
      }
    }
    found.delete(digest);
    return [...found].sort();
  }

  putBlob(repository: string, bytes: Buffer): string {
    const digest = sha256Digest(bytes);
    if (!this.blobs.has(digest)) this.blobs.set(digest, Buffer.from(bytes));
    this.ensureRepository(repository).blobs.add(digest);
    return digest;
  }

  getBlob(repository: string, digest: string): Buffer | undefined {
    if (!this.repositories.get(repository)?.blobs.has(digest)) return undefined;
    return this.blobs.get(digest);
  }

  hasBlobAnywhere(digest: string): boolean {
    return this.blobs.has(digest);
  }

  linkBlob(repository: string, digest: string): boolean {
    if (!this.blobs.has(digest)) return false;
    this.ensureRepository(repository).blobs.add(digest);
    return true;
  }

  unlinkBlob(repository: string, digest: string): boolean {
    return this.repositories.get(repository)?.blobs.delete(digest) ?? false;
  }

  startUpload(repository: string): UploadRecord {
    const id = randomUUID();
    this.uploads.set(id, { repository, chunks: [], size: 0 });
    return { id, repository, size: 0 };
  }

  getUpload(id: string): UploadRecord | undefined {
    const u = this.uploads.get(id);
    return u && { id, repository: u.repository, size: u.size };
  }

  appendUpload(id: string, chunk: Buffer): UploadRecord | undefined {
    const u = this.uploads.get(id);
    if (!u) return undefined;
    u.chunks.push(Buffer.from(chunk));
    u.size += chunk.length;
    return { id, repository: u.repository, size: u.size };
  }

  takeUpload(id: string): Buffer | undefined {
    const u = this.uploads.get(id);
    if (!u) return undefined;
    this.uploads.delete(id);
    return Buffer.concat(u.chunks);
  }

  cancelUpload(id: string): boolean {
    return this.uploads.delete(id);
  }

  private ensureRepository(name: string): RepositoryState {
    let repo = this.repositories.get(name);
    if (!repo) {
      const now = this.clock.nowMs();
      repo = emptyRepository({
        name,
        createdMs: now,
        lastUpdateMs: now,
        attributes: { ...DEFAULT_CHANGEABLE_ATTRIBUTES },
      });
      this.repositories.set(name, repo);
    }
    return repo;
  }

  /**
   * Architecture and OS come from the image config blob, as ACR reads them; each is left out when
   * the config does not name it (artifacts with an empty config, configs ACR cannot read).
   */
  private platformOf(configMediaType: string, configDigest: string): { architecture?: string; os?: string } {
    const config = isImageConfigMediaType(configMediaType) ? this.blobs.get(configDigest) : undefined;
    if (!config) return {};
    try {
      const parsed = JSON.parse(config.toString('utf8')) as { architecture?: unknown; os?: unknown };
      return {
        ...(typeof parsed.architecture === 'string' ? { architecture: parsed.architecture } : {}),
        ...(typeof parsed.os === 'string' ? { os: parsed.os } : {}),
      };
    } catch {
      return {};
    }
  }

  /**
   * ACR's `imageSize`: the config plus the layers, without the manifest's own bytes; for an index,
   * the sum of its children's.
   */
  private imageSize(repo: RepositoryState, facts: ManifestFacts): number {
    if (facts.isIndex) {
      return facts.children.reduce((sum, c) => sum + (repo.manifests.get(c.digest)?.imageSize ?? c.size), 0);
    }
    return facts.layers.reduce((sum, l) => sum + l.size, facts.config?.size ?? 0);
  }
}
