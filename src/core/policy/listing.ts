import type { LockAttributes } from '../model/attributes.js';

/** One item of a `/acr/v1/<repo>/_tags` page: every attribute a plan needs, without a read per tag. */
export interface TagListing {
  readonly repository: string;
  readonly name: string;
  readonly digest: string;
  /** `lastUpdateTime` in ms since the epoch; absent when the registry gave none we could read. */
  readonly lastUpdatedMs?: number;
  readonly attributes: LockAttributes;
}

/** One item of a `/acr/v1/<repo>/_manifests` page. */
export interface ManifestListing {
  readonly repository: string;
  readonly digest: string;
  readonly attributes: LockAttributes;
  /** The tags the registry lists on it. */
  readonly tags: readonly string[];
  /** An image index's child manifests (`references`); empty for a single image. */
  readonly children: readonly string[];
  readonly lastUpdatedMs?: number;
}

/** `app:1.2` */
export function tagRef(repository: string, tag: string): string {
  return `${repository}:${tag}`;
}

/** `app@sha256:…` */
export function manifestRef(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}
