import type { DesiredAttributes, LockAttributes } from '../model/attributes.js';
import type { RepositoryCounts } from '../registry/registry-client.js';
import type { ManifestListing, TagListing } from './listing.js';

/** `name`: the registry's default order; `newest-first`: `orderby=timedesc` (last update). */
export type ListingOrder = 'name' | 'newest-first';

/**
 * What sweep, enforce and audit need from a registry: listing pages (largest page size, following
 * `Link`), one-object reads for what pages did not show, and writes. The registry port implements it;
 * every method throws RegistryError on refusal.
 */
export interface ListingRegistry {
  /** The catalog, a page of repository names at a time. */
  listRepositoryPages(): AsyncIterable<readonly string[]>;
  listTagPages(repository: string, order: ListingOrder): AsyncIterable<readonly TagListing[]>;
  listManifestPages(repository: string, order: ListingOrder): AsyncIterable<readonly ManifestListing[]>;
  /** Its attributes, and its tag and manifest counts when the registry gives them (a hint for room). */
  getRepository(repository: string): Promise<{
    readonly attributes: LockAttributes;
    readonly counts?: RepositoryCounts;
  }>;
  getManifest(
    repository: string,
    digest: string,
  ): Promise<{
    readonly attributes: LockAttributes;
    readonly children: readonly string[];
    readonly tags: readonly string[];
  }>;
  updateTag(
    repository: string,
    tag: string,
    changes: DesiredAttributes,
  ): Promise<{ readonly attributes: LockAttributes; readonly digest: string }>;
  updateManifest(
    repository: string,
    digest: string,
    changes: DesiredAttributes,
  ): Promise<{ readonly attributes: LockAttributes }>;
}
