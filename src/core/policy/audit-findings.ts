import { isLocked, type AttributeName } from '../model/attributes.js';
import { ATTRIBUTE_WORDS, attributeDifferences } from '../report/describe-difference.js';
import { manifestRef, tagRef } from './listing.js';
import { matchTag, rulesForRepository } from './match-tag.js';
import { describeRule, type Policy } from './policy.js';
import type { RepositoryIndex } from './repository-index.js';
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

const LOCK_ATTRIBUTES: readonly AttributeName[] = ['writeEnabled', 'deleteEnabled'];
const INDEX_ATTRIBUTES: readonly AttributeName[] = ['writeEnabled', 'deleteEnabled', 'readEnabled'];

/**
 * The half-locked states a repository's listings show, and (against a policy, at a time for its age
 * filters) tags not in their rule's mode. Objects hidden from listings (list disabled) are not seen, so not judged.
 */
export function auditRepository(
  index: RepositoryIndex,
  against?: { readonly policy: Policy; readonly nowMs: number },
): Finding[] {
  const findings: Finding[] = [];
  const { repository } = index;

  if (index.attributes && !index.attributes.writeEnabled) {
    findings.push({
      kind: 'repository-write-locked',
      severity: 'error',
      object: repository,
      message:
        'the repository is write-locked: nothing can be pushed to it (not even a new tag) and nothing in it deleted',
    });
  }

  for (let t = 0; t < index.tagCount; t += 1) {
    const m = index.manifestOfTag(t);
    if (m < 0) continue;
    const tag = index.tag(t);
    const object = tagRef(repository, tag.name);
    const manifest = index.manifestAttributes(m);
    const open = LOCK_ATTRIBUTES.filter((a) => !tag.attributes[a] && manifest[a]);
    if (open.length > 0) {
      findings.push({
        kind: 'tag-locked-manifest-open',
        severity: 'error',
        object,
        message: `the tag has ${open.map((a) => `${ATTRIBUTE_WORDS[a]} disabled`).join(' and ')} but its manifest ${tag.digest} has ${open.map((a) => `${ATTRIBUTE_WORDS[a]} enabled`).join(' and ')}: a tag lock does not lock its manifest, which keeps its own attributes (and stays open to purge and retention once the tag moves)`,
      });
    }
    if (!tag.attributes.readEnabled && manifest.readEnabled) {
      findings.push({
        kind: 'quarantine-readable-by-digest',
        severity: 'error',
        object,
        message: `the tag is quarantined (read disabled) but its manifest ${tag.digest} is readable: it can still be pulled by digest`,
      });
    }
  }

  let locked = 0;
  let untagged = 0;
  for (let m = 0; m < index.manifestCount; m += 1) {
    const attributes = index.manifestAttributes(m);
    const tags = index.tagsOf(m);
    const lockedAndTagged = isLocked(attributes) && tags.length > 0;
    if (isLocked(attributes)) {
      locked += 1;
      if (tags.length === 0) untagged += 1;
    }
    // Only these two findings need the manifest itself: most are neither, and are not made.
    if (index.childCount(m) === 0 && !lockedAndTagged) continue;
    const manifest = index.manifest(m);
    const object = manifestRef(repository, manifest.digest);
    if (lockedAndTagged && !tags.some((t) => isLocked(index.tagAttributes(t)))) {
      findings.push({
        kind: 'manifest-locked-tags-open',
        severity: 'error',
        object,
        message: `the manifest is locked but none of its tags (${tags.map((t) => index.tag(t).name).join(', ')}) is: they can be moved or deleted, leaving the locked manifest untagged`,
      });
    }
    for (const digest of manifest.children) {
      const c = index.manifestOf(digest);
      if (c < 0) continue;
      const child = index.manifestAttributes(c);
      const open = INDEX_ATTRIBUTES.filter((a) => !attributes[a] && child[a]);
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

  if (against) findings.push(...drift(index, against.policy, against.nowMs));

  if (locked > 0) {
    findings.push({
      kind: 'retention-blocked',
      severity: 'warning',
      object: repository,
      message: retentionNote(locked, untagged),
    });
  }
  return findings;
}

/** Tags a rule applies to whose tag or manifest is not in the rule's mode. */
function drift(index: RepositoryIndex, policy: Policy, nowMs: number): Finding[] {
  const rules = rulesForRepository(policy, index.repository);
  if (rules.length === 0) return [];
  const findings: Finding[] = [];
  for (let t = 0; t < index.tagCount; t += 1) {
    const tag = index.tag(t);
    const verdict = matchTag(rules, tag, nowMs);
    if (verdict.kind !== 'apply') continue;
    const wanted = `${describeRule(verdict.rule)} (${verdict.mode})`;
    const m = index.manifestOfTag(t);
    const parts = [
      ...attributeDifferences(tag.attributes, verdict.desired).map((d) => `tag ${d}`),
      ...attributeDifferences(m < 0 ? undefined : index.manifestAttributes(m), verdict.desired).map(
        (d) => `manifest ${d}`,
      ),
    ];
    if (parts.length === 0) continue;
    findings.push({
      kind: 'drift',
      severity: 'error',
      object: tagRef(index.repository, tag.name),
      message: `matches ${wanted} but ${parts.join('; ')}`,
    });
  }
  return findings;
}
