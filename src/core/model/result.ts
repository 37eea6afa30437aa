import type { DesiredAttributes, LockAttributes } from './attributes.js';
import type { RegistryErrorKind } from '../errors.js';
import type { Action, Mode } from './modes.js';

/** Which registry object a result is about. */
export type ItemKind = 'tag' | 'manifest' | 'repository';

/**
 * Why an object is in the run: named by the user, the manifest behind a tag, a child of an index, or an
 * artifact referring to the image (a signature, an SBOM) found through the OCI referrers API.
 */
export type ItemRole = 'target' | 'manifest' | 'child' | 'referrer';

/**
 * How an object was reached from its parent in the image's tree: the manifest a tag points at, a child
 * of an index, or a referrer found through the OCI referrers API, the OCI 1.1 fallback tag
 * (`sha256-<hex>`, where the registry has no referrers API) or cosign's tags (`sha256-<hex>.sig`,
 * `.att`, `.sbom`).
 */
export const VIAS = ['tag', 'index', 'referrers-api', 'fallback-tag', 'cosign-tag'] as const;
export type Via = (typeof VIAS)[number];

/**
 * changed / unchanged: apply wrote it, or it was already as desired (also show's status).
 * would-change: dry-run would write it. mismatch: verify found it not as desired. failed: see error.
 * kept: not unlocked, because other tags on the same manifest are still protected (see keptBy).
 */
export type ItemStatus = 'changed' | 'unchanged' | 'would-change' | 'mismatch' | 'failed' | 'kept';

export type ItemErrorKind =
  | RegistryErrorKind
  | 'auth' // credentials could not be obtained or were refused
  | 'digest-mismatch' // repo:tag@digest, but the tag points elsewhere: refused, nothing written
  | 'moved' // the tag moved to another digest while it was being locked
  | 'not-applied' // the registry answered the write but the read-back differs
  | 'too-deep'; // below the referrer-depth limit: found, not followed

export interface ItemError {
  readonly kind: ItemErrorKind;
  readonly message: string;
}

export interface ItemResult {
  /** The user's reference this item belongs to. */
  readonly target: string;
  /** Full reference of this object: `server/repo:tag`, `server/repo@sha256:…` or `server/repo`. */
  readonly ref: string;
  readonly kind: ItemKind;
  readonly role: ItemRole;
  readonly loginServer: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** `ref` of the object this one was reached from (absent for what the user named). */
  readonly parent?: string;
  readonly via?: Via;
  /** A referrer's artifact type (signature, SBOM, attestation…), as the registry or cosign's tag says. */
  readonly artifactType?: string;
  readonly before?: LockAttributes;
  readonly after?: LockAttributes;
  readonly status: ItemStatus;
  /** The state after the run matches the desired attributes. */
  readonly matches: boolean;
  readonly error?: ItemError;
  /** For `kept`: the other tags (`repo:tag`) whose protection keeps this manifest locked. */
  readonly keptBy?: readonly string[];
}

/** The kinds of object a run counts in its verdict. */
export interface KindCounts {
  readonly tags: number;
  /** Manifests the user named or a tag points at (an index, or a single-platform image). */
  readonly manifests: number;
  /** The platform manifests of an index. */
  readonly platforms: number;
  /** Signatures, SBOMs, attestations and the fallback tag's index. */
  readonly referrers: number;
  readonly repositories: number;
}

export interface RunSummary {
  readonly total: number;
  /** The objects per kind: tags, manifests, platform manifests, referrers, repositories. */
  readonly kinds: KindCounts;
  readonly changed: number;
  readonly unchanged: number;
  readonly wouldChange: number;
  readonly mismatched: number;
  readonly failed: number;
  readonly kept: number;
}

export interface RunReport {
  readonly action: Action;
  readonly mode: Mode;
  readonly desired: DesiredAttributes;
  readonly items: readonly ItemResult[];
  readonly summary: RunSummary;
  /** The user's reference → the manifest digest it resolved to. */
  readonly digests: Readonly<Record<string, string>>;
  /** Every item matches the desired attributes (the `locked` output). */
  readonly locked: boolean;
  /** The run achieved what its action promises: apply wrote everything, verify found everything as desired. */
  readonly ok: boolean;
}
