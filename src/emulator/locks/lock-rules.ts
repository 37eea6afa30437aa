import { acrErrors } from '../errors/acr-error.js';
import type { ChangeableAttributes, RegistryStore } from '../store/registry-store.js';

/**
 * ACR's lock semantics in one place (DESIGN.md "Lock attributes"). Each check throws the 405
 * REGISTRY_DISALLOWED_OPERATION when refused. Repository attributes apply to everything in it.
 */
type Attrs = Readonly<ChangeableAttributes> | undefined;

const refuse = (): never => {
  throw acrErrors.disallowedOperation();
};

const writable = (a: Attrs): boolean => a === undefined || a.writeEnabled;
const deletable = (a: Attrs): boolean => a === undefined || (a.writeEnabled && a.deleteEnabled);
const readable = (a: Attrs): boolean => a === undefined || a.readEnabled;

export const lockRules = {
  /** Blob uploads and manifest pushes: a write-locked repository accepts nothing, not even new tags. */
  assertRepositoryWritable(store: RegistryStore, repository: string): void {
    if (!writable(store.getRepository(repository)?.attributes)) refuse();
  },

  /** A push of manifest bytes with this digest, optionally to a tag. */
  assertCanPushManifest(store: RegistryStore, repository: string, digest: string, tag?: string): void {
    lockRules.assertRepositoryWritable(store, repository);
    if (!writable(store.getManifest(repository, digest)?.attributes)) refuse();
    if (tag !== undefined && !writable(store.getTag(repository, tag)?.attributes)) refuse();
  },

  /**
   * Untag: the tag must allow both write and delete. Of the repository only `writeEnabled` counts:
   * a repository with just `deleteEnabled=false` protects itself, and "individual images can still
   * be updated or deleted" (Microsoft's image-lock documentation).
   */
  assertCanDeleteTag(store: RegistryStore, repository: string, tag: string): void {
    if (!writable(store.getRepository(repository)?.attributes)) refuse();
    if (!deletable(store.getTag(repository, tag)?.attributes)) refuse();
  },

  /**
   * Deleting a manifest also deletes its tags and its referrers graph (with their tags), so every
   * one of them must allow it too. Whether ACR refuses because of a locked referrer is not
   * documented; the emulator refuses (src/emulator/README.md, choices where ACR is unknown).
   */
  assertCanDeleteManifest(store: RegistryStore, repository: string, digest: string): void {
    if (!writable(store.getRepository(repository)?.attributes)) refuse();
    for (const each of [digest, ...store.referrersGraph(repository, digest)]) {
      if (!deletable(store.getManifest(repository, each)?.attributes)) refuse();
      for (const tag of store.tagsOf(repository, each)) {
        if (!deletable(store.getTag(repository, tag)?.attributes)) refuse();
      }
    }
  },

  /** Refused if the repository or anything inside it is write- or delete-locked (either lock protects a repository). */
  assertCanDeleteRepository(store: RegistryStore, repository: string): void {
    if (!deletable(store.getRepository(repository)?.attributes)) refuse();
    if (store.listTags(repository).some((t) => !deletable(t.attributes))) refuse();
    if (store.listManifests(repository).some((m) => !deletable(m.attributes))) refuse();
  },

  /** Pull by tag: the repository, the tag AND the manifest it points to must be readable. */
  assertCanPullByTag(store: RegistryStore, repository: string, tag: string, digest: string): void {
    if (!readable(store.getRepository(repository)?.attributes)) refuse();
    if (!readable(store.getTag(repository, tag)?.attributes)) refuse();
    if (!readable(store.getManifest(repository, digest)?.attributes)) refuse();
  },

  /** Pull by digest: the manifest's own flag decides (a read-locked tag does not cover it). */
  assertCanPullByDigest(store: RegistryStore, repository: string, digest: string): void {
    if (!readable(store.getRepository(repository)?.attributes)) refuse();
    if (!readable(store.getManifest(repository, digest)?.attributes)) refuse();
  },

  /** Blobs have no attributes of their own; only the repository's read flag applies. */
  assertCanPullBlob(store: RegistryStore, repository: string): void {
    if (!readable(store.getRepository(repository)?.attributes)) refuse();
  },

  /** Listings hide list-disabled items; they stay pullable. */
  isListed(attributes: Readonly<ChangeableAttributes>): boolean {
    return attributes.listEnabled;
  },
};
