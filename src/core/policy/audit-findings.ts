import { isLocked, type AttributeName, type LockAttributes } from '../model/attributes.js';
import { ATTRIBUTE_WORDS, attributeDifferences } from '../report/describe-difference.js';
import { manifestRef, tagRef, type ManifestListing, type TagListing } from './listing.js';
import { matchTag, rulesForRepository } from './match-tag.js';
import { describeRule, type Policy } from './policy.js';
import { retentionNote } from './retention-note.js';

export const FINDING_KINDS = [
  'tag-locked-manifest-open',
  'manifest-locked-tags-open',
  'index-child-unlocked',
  'quarantine-readable-by-digest',
  'repository-write-locked',
  'drift',
  'retention-blocked',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** `warning`: worth knowing, not wrong (a lock doing what locks do, e.g. keeping purge away). */
export type FindingSeverity = 'error' | 'warning';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  /** `repo:tag`, `repo@sha256:…` or `repo`. */
  readonly object: string;
  readonly message: string;
}

/** One repository's listings: what an audit reads, one request per page. */
export interface RepositoryListing {
  readonly repository: string;
  /** Absent when the repository's own attributes were not read. */
  readonly attributes?: LockAttributes;
  readonly tags: readonly TagListing[];
  readonly manifests: readonly ManifestListing[];
}

const LOCK_ATTRIBUTES: readonly AttributeName[] = ['writeEnabled', 'deleteEnabled'];
const INDEX_ATTRIBUTES: readonly AttributeName[] = ['writeEnabled', 'deleteEnabled', 'readEnabled'];

/**
 * The half-locked states a repository's listings show, and (against a policy, at a time for its age
 * filters) tags not in their rule's mode. Objects hidden from listings (list disabled) are not seen, so not judged.
 */
export function auditRepository(
  listing: RepositoryListing,
  against?: { readonly policy: Policy; readonly nowMs: number },
): Finding[] {
  const findings: Finding[] = [];
  const { repository } = listing;
  const manifests = new Map(listing.manifests.map((m) => [m.digest, m]));
  const tagsByDigest = new Map<string, TagListing[]>();
  for (const tag of listing.tags) {
    const list = tagsByDigest.get(tag.digest) ?? [];
    list.push(tag);
    tagsByDigest.set(tag.digest, list);
  }

  if (listing.attributes && !listing.attributes.writeEnabled) {
    findings.push({
      kind: 'repository-write-locked',
      severity: 'error',
      object: repository,
      message:
        'the repository is write-locked: nothing can be pushed to it (not even a new tag) and nothing in it deleted',
    });
  }

  for (const tag of listing.tags) {
    const object = tagRef(repository, tag.name);
    const manifest = manifests.get(tag.digest);
    if (manifest) {
      const open = LOCK_ATTRIBUTES.filter((a) => !tag.attributes[a] && manifest.attributes[a]);
      if (open.length > 0) {
        findings.push({
          kind: 'tag-locked-manifest-open',
          severity: 'error',
          object,
          message: `the tag has ${open.map((a) => `${ATTRIBUTE_WORDS[a]} disabled`).join(' and ')} but its manifest ${tag.digest} has ${open.map((a) => `${ATTRIBUTE_WORDS[a]} enabled`).join(' and ')}: a tag lock does not lock its manifest, which keeps its own attributes (and stays open to purge and retention once the tag moves)`,
        });
      }
      if (!tag.attributes.readEnabled && manifest.attributes.readEnabled) {
        findings.push({
          kind: 'quarantine-readable-by-digest',
          severity: 'error',
          object,
          message: `the tag is quarantined (read disabled) but its manifest ${tag.digest} is readable: it can still be pulled by digest`,
        });
      }
    }
  }

  for (const manifest of listing.manifests) {
    const object = manifestRef(repository, manifest.digest);
    const tags = tagsByDigest.get(manifest.digest) ?? [];
    if (isLocked(manifest.attributes) && tags.length > 0 && !tags.some((t) => isLocked(t.attributes))) {
      findings.push({
        kind: 'manifest-locked-tags-open',
        severity: 'error',
        object,
        message: `the manifest is locked but none of its tags (${tags.map((t) => t.name).join(', ')}) is: they can be moved or deleted, leaving the locked manifest untagged`,
      });
    }
    for (const digest of manifest.children) {
      const child = manifests.get(digest);
      if (!child) continue;
      const open = INDEX_ATTRIBUTES.filter((a) => !manifest.attributes[a] && child.attributes[a]);
      if (open.length > 0) {
        findings.push({
          kind: 'index-child-unlocked',
          severity: 'error',
          object: manifestRef(repository, digest),
          message: `the image index ${manifest.digest} has ${open.map((a) => `${ATTRIBUTE_WORDS[a]} disabled`).join(' and ')} but this platform manifest has ${open.map((a) => `${ATTRIBUTE_WORDS[a]} enabled`).join(' and ')}`,
        });
      }
    }
  }

  if (against) findings.push(...drift(listing, manifests, against.policy, against.nowMs));

  const locked = listing.manifests.filter((m) => isLocked(m.attributes));
  if (locked.length > 0) {
    const untagged = locked.filter((m) => (tagsByDigest.get(m.digest) ?? []).length === 0).length;
    findings.push({
      kind: 'retention-blocked',
      severity: 'warning',
      object: repository,
      message: retentionNote(locked.length, untagged),
    });
  }
  return findings;
}

/** Tags a rule applies to whose tag or manifest is not in the rule's mode. */
function drift(
  listing: RepositoryListing,
  manifests: ReadonlyMap<string, ManifestListing>,
  policy: Policy,
  nowMs: number,
): Finding[] {
  const rules = rulesForRepository(policy, listing.repository);
  if (rules.length === 0) return [];
  const findings: Finding[] = [];
  for (const tag of listing.tags) {
    const verdict = matchTag(rules, tag, nowMs);
    if (verdict.kind !== 'apply') continue;
    const wanted = `${describeRule(verdict.rule)} (${verdict.mode})`;
    const parts = [
      ...attributeDifferences(tag.attributes, verdict.desired).map((d) => `tag ${d}`),
      ...attributeDifferences(manifests.get(tag.digest)?.attributes, verdict.desired).map(
        (d) => `manifest ${d}`,
      ),
    ];
    if (parts.length === 0) continue;
    findings.push({
      kind: 'drift',
      severity: 'error',
      object: tagRef(listing.repository, tag.name),
      message: `matches ${wanted} but ${parts.join('; ')}`,
    });
  }
  return findings;
}
