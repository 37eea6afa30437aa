import type { LockAttributes, DesiredAttributes } from '../model/attributes.js';
import type { ListingRegistry } from '../policy/listing-port.js';

export interface TagState {
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly attributes: LockAttributes;
}

export interface ManifestState {
  readonly repository: string;
  readonly digest: string;
  /** Digests of the platform manifests of an image index (empty for a single image). */
  readonly children: readonly string[];
  readonly tags: readonly string[];
  readonly attributes: LockAttributes;
}

/** One entry of an OCI image index: a referrer as the referrers API (or its fallback tag) lists it. */
export interface IndexEntry {
  readonly digest: string;
  /** The artifact's type (for artifacts without one, its config media type, as OCI 1.1 reports it). */
  readonly artifactType?: string;
}

/**
 * The referrers API's answer, every page followed. `filtered`: the registry applied the artifactType
 * filter (`OCI-Filters-Applied`); otherwise the list is unfiltered. `unsupported`: the registry has no
 * referrers API (404), so the OCI 1.1 fallback tag `sha256-<hex>` is where referrers are listed.
 */
export type ReferrersAnswer =
  | { readonly kind: 'listed'; readonly referrers: readonly IndexEntry[]; readonly filtered: boolean }
  | { readonly kind: 'unsupported' };

/** The tags a repository lists, every page followed; `unlisted` counts those hidden (list disabled). */
export interface RepositoryTags {
  readonly tags: readonly TagState[];
  readonly unlisted: number;
}

/** A repository's tags and manifests as the registry counts them (ACR's `tagCount`, `manifestCount`). */
export interface RepositoryCounts {
  readonly tags: number;
  readonly manifests: number;
}

export interface RepositoryState {
  readonly repository: string;
  readonly attributes: LockAttributes;
  /** When the registry gives them. */
  readonly counts?: RepositoryCounts;
}

/**
 * The one narrow port through which the core talks to a registry. Implemented over
 * `@azure/container-registry` (sdk-registry-client.ts); nothing else in the core touches HTTP.
 * Every method throws RegistryError on refusal. The listings (ListingRegistry) serve sweep, enforce and
 * audit: one request per page of tags, manifests or repositories.
 */
export interface RegistryClient extends ListingRegistry {
  getTag(repository: string, tag: string): Promise<TagState>;
  getManifest(repository: string, digest: string): Promise<ManifestState>;
  getRepository(repository: string): Promise<RepositoryState>;
  /**
   * The manifests whose `subject` is this one (OCI referrers API: signatures, SBOMs, attestations),
   * asked with the `artifactType` filter when types are given.
   */
  listReferrers(
    repository: string,
    digest: string,
    artifactTypes?: readonly string[],
  ): Promise<ReferrersAnswer>;
  /** Every tag of the repository with its digest and attributes (cosign's tags are found here). */
  listTags(repository: string): Promise<RepositoryTags>;
  /** The entries of an image index (the referrers the OCI 1.1 fallback tag lists). */
  listIndexEntries(repository: string, digest: string): Promise<readonly IndexEntry[]>;
  updateTag(repository: string, tag: string, changes: DesiredAttributes): Promise<TagState>;
  updateManifest(repository: string, digest: string, changes: DesiredAttributes): Promise<ManifestState>;
  updateRepository(repository: string, changes: DesiredAttributes): Promise<RepositoryState>;
}
