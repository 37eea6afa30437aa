/**
 * The state behind the emulator, as ACR models it: repositories, tags and manifests each with their
 * own four changeable attributes, plus content-addressed blobs linked into repositories. Handlers
 * only talk to this interface; tests read lock state back through it.
 *
 * Records are snapshots: mutate through the methods, never through a returned object.
 */
export interface ChangeableAttributes {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export type AttributePatch = Partial<ChangeableAttributes>;

export const DEFAULT_CHANGEABLE_ATTRIBUTES: Readonly<ChangeableAttributes> = Object.freeze({
  deleteEnabled: true,
  writeEnabled: true,
  readEnabled: true,
  listEnabled: true,
});

export interface RepositoryRecord {
  readonly name: string;
  readonly createdMs: number;
  readonly lastUpdateMs: number;
  readonly attributes: Readonly<ChangeableAttributes>;
}

export interface TagRecord {
  readonly repository: string;
  readonly name: string;
  readonly digest: string;
  readonly createdMs: number;
  readonly lastUpdateMs: number;
  readonly attributes: Readonly<ChangeableAttributes>;
}

/** One entry of an index, as `/acr/v1` reports it in `references`. */
export interface PlatformReference {
  readonly digest: string;
  readonly architecture: string;
  readonly os: string;
}

export interface ManifestRecord {
  readonly repository: string;
  readonly digest: string;
  readonly mediaType: string;
  /** The exact bytes pushed: the digest is their sha256. */
  readonly bytes: Buffer;
  /** ACR's `imageSize`: config plus layers (an index: its children's), not the manifest's own bytes. */
  readonly imageSize: number;
  readonly createdMs: number;
  readonly lastUpdateMs: number;
  /** From the image config; absent when the config does not name them, and for an index. */
  readonly architecture?: string;
  readonly os?: string;
  readonly configMediaType?: string;
  /** Children of an index (empty for a single manifest). */
  readonly references: readonly PlatformReference[];
  /** Digest of the manifest this one refers to (OCI `subject`): it is then a referrer. */
  readonly subject?: string;
  /** `artifactType`, or the config media type for artifacts that predate the field. */
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Config and layer digests this manifest needs. */
  readonly blobs: readonly string[];
  readonly attributes: Readonly<ChangeableAttributes>;
}

export interface UploadRecord {
  readonly id: string;
  readonly repository: string;
  readonly size: number;
}

export interface DeletedRepository {
  manifestsDeleted: string[];
  tagsDeleted: string[];
}

/**
 * How a listing is ordered: by key (tag name, manifest digest; ACR's default), or by last update
 * time, oldest or newest first (`orderby=timeasc` / `timedesc`), ties by key.
 */
export type ListingOrder = 'key' | 'timeasc' | 'timedesc';

export interface ListingQuery<T> {
  readonly order: ListingOrder;
  /**
   * The key of the previous page's last item. In key order the page starts after it lexically; in
   * a time order, after that item's place, and is empty when the item is gone or left out.
   */
  readonly last?: string;
  /** Page size, at least 1. */
  readonly n: number;
  /** Leaves items out of the listing (list-disabled ones: lock rules are the caller's). */
  readonly include?: (item: T) => boolean;
}

export interface ListingPage<T> {
  readonly items: T[];
  /** Whether an included item follows the page. */
  readonly more: boolean;
}

export interface RegistryStore {
  listRepositories(): string[];
  getRepository(name: string): RepositoryRecord | undefined;
  /** Removes the repository with all its tags and manifests; undefined when it did not exist. */
  deleteRepository(name: string): DeletedRepository | undefined;
  updateRepositoryAttributes(name: string, patch: AttributePatch): RepositoryRecord | undefined;

  /** Sorted by name. Empty when the repository does not exist. */
  listTags(repository: string): TagRecord[];
  /**
   * One page of tags; with `digest`, only tags pointing at it. Costs about the page, not the
   * repository. Empty when the repository does not exist.
   */
  pageTags(
    repository: string,
    query: ListingQuery<TagRecord> & { readonly digest?: string },
  ): ListingPage<TagRecord>;
  tagCount(repository: string): number;
  getTag(repository: string, tag: string): TagRecord | undefined;
  /** Creates or moves a tag (keeping its attributes when it moves). Throws if the manifest is unknown. */
  setTag(repository: string, tag: string, digest: string): TagRecord;
  deleteTag(repository: string, tag: string): boolean;
  updateTagAttributes(repository: string, tag: string, patch: AttributePatch): TagRecord | undefined;

  /** Sorted by digest. */
  listManifests(repository: string): ManifestRecord[];
  /** One page of manifests, keyed by digest; costs about the page, not the repository. */
  pageManifests(repository: string, query: ListingQuery<ManifestRecord>): ListingPage<ManifestRecord>;
  manifestCount(repository: string): number;
  getManifest(repository: string, digest: string): ManifestRecord | undefined;
  /**
   * Stores manifest bytes (creating the repository if needed) and returns the record; a re-push of
   * the same bytes changes nothing (attributes and times stay). Blob existence is the caller's business.
   */
  putManifest(repository: string, bytes: Buffer, mediaType?: string): ManifestRecord;
  /**
   * Removes the manifest, every tag pointing at it and its referrers graph (referrers of referrers
   * too, with their tags), as ACR does; returns false when it did not exist.
   */
  deleteManifest(repository: string, digest: string): boolean;
  updateManifestAttributes(
    repository: string,
    digest: string,
    patch: AttributePatch,
  ): ManifestRecord | undefined;
  /** Tag names pointing at the digest, sorted. */
  tagsOf(repository: string, digest: string): string[];
  /** Manifests whose `subject` is the digest. */
  listReferrers(repository: string, digest: string): ManifestRecord[];
  /** Every manifest that refers to the digest, directly or through other referrers (cycle-safe). */
  referrersGraph(repository: string, digest: string): string[];

  /** Stores the bytes and links them into the repository; returns the digest. */
  putBlob(repository: string, bytes: Buffer): string;
  /** Only blobs linked into that repository. */
  getBlob(repository: string, digest: string): Buffer | undefined;
  /** Any repository's copy (for manifest validation and config lookups). */
  hasBlobAnywhere(digest: string): boolean;
  /** Links an existing blob into another repository (cross-repository mount). */
  linkBlob(repository: string, digest: string): boolean;
  unlinkBlob(repository: string, digest: string): boolean;

  startUpload(repository: string): UploadRecord;
  getUpload(id: string): UploadRecord | undefined;
  appendUpload(id: string, chunk: Buffer): UploadRecord | undefined;
  /** Ends the upload and returns its bytes (not yet stored as a blob). */
  takeUpload(id: string): Buffer | undefined;
  cancelUpload(id: string): boolean;
}
