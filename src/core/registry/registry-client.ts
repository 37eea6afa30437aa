import type { LockAttributes, DesiredAttributes } from '../model/attributes.js';

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

export interface RepositoryState {
  readonly repository: string;
  readonly attributes: LockAttributes;
}

/**
 * The one narrow port through which the core talks to a registry. Implemented over
 * `@azure/container-registry` (sdk-registry-client.ts); nothing else in the core touches HTTP.
 * Every method throws RegistryError on refusal.
 */
export interface RegistryClient {
  getTag(repository: string, tag: string): Promise<TagState>;
  getManifest(repository: string, digest: string): Promise<ManifestState>;
  getRepository(repository: string): Promise<RepositoryState>;
  /** Digests of the manifests whose `subject` is this one (OCI referrers API: signatures, SBOMs). */
  listReferrers(repository: string, digest: string): Promise<readonly string[]>;
  updateTag(repository: string, tag: string, changes: DesiredAttributes): Promise<TagState>;
  updateManifest(repository: string, digest: string, changes: DesiredAttributes): Promise<ManifestState>;
  updateRepository(repository: string, changes: DesiredAttributes): Promise<RepositoryState>;
}
