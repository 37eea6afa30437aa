import { describe, expect, test } from '@jest/globals';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';
import { FINDING_KINDS, auditRepository, type Finding } from '../../src/core/policy/audit-findings.js';
import type { ManifestListing, TagListing } from '../../src/core/policy/listing.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { RepositoryIndex } from '../../src/core/policy/repository-index.js';
import { LOCKED, NOW, digestOf, manifestListing, tagListing } from './policy-fixtures.js';

const one = digestOf('one');
const index = digestOf('index');
const amd64 = digestOf('amd64');
const arm64 = digestOf('arm64');

/** A repository's listings as an audit holds them: its index, filled as the listing pages fill it. */
function listing(parts: {
  attributes?: LockAttributes;
  tags?: TagListing[];
  manifests?: ManifestListing[];
}): RepositoryIndex {
  const index = new RepositoryIndex('app', 'attributes' in parts ? parts.attributes : DEFAULT_ATTRIBUTES);
  index.addTags(parts.tags ?? []);
  index.addManifests(parts.manifests ?? []);
  return index;
}

const brief = (findings: Finding[]): string[][] => findings.map((f) => [f.kind, f.object]);

describe('auditRepository: each finding', () => {
  test('a consistently locked image gives only the retention warning', () => {
    const findings = auditRepository(
      listing({
        tags: [tagListing('v1', { digest: one, attributes: LOCKED })],
        manifests: [manifestListing(one, { tags: ['v1'], attributes: LOCKED })],
      }),
    );
    expect(brief(findings)).toEqual([['retention-blocked', 'app']]);
    expect(findings[0]).toMatchObject({ severity: 'warning' });
    expect(findings[0]!.message).toBe(
      '1 locked manifest(s) (write or delete disabled): acr purge skips them unless --include-locked, ' +
        'and the retention policy will not delete the 0 untagged among them',
    );
  });

  test('an untouched repository has no finding', () => {
    const findings = auditRepository(
      listing({
        tags: [tagListing('v1', { digest: one })],
        manifests: [manifestListing(one, { tags: ['v1'] })],
      }),
    );
    expect(findings).toEqual([]);
  });

  test('tag locked, manifest not (the commonest mistake)', () => {
    const findings = auditRepository(
      listing({
        tags: [tagListing('v1', { digest: one, attributes: LOCKED })],
        manifests: [manifestListing(one, { tags: ['v1'] })],
      }),
    );
    expect(findings).toEqual([
      {
        kind: 'tag-locked-manifest-open',
        severity: 'error',
        object: 'app:v1',
        message: `the tag has write disabled and delete disabled but its manifest ${one} has write enabled and delete enabled: a tag lock does not lock its manifest, which keeps its own attributes (and stays open to purge and retention once the tag moves)`,
      },
    ]);
  });

  test('manifest locked, none of its tags', () => {
    const findings = auditRepository(
      listing({
        tags: [tagListing('v1', { digest: one }), tagListing('stable', { digest: one })],
        manifests: [manifestListing(one, { tags: ['v1', 'stable'], attributes: LOCKED })],
      }),
    );
    expect(brief(findings)).toEqual([
      ['manifest-locked-tags-open', `app@${one}`],
      ['retention-blocked', 'app'],
    ]);
    expect(findings[0]!.message).toContain('none of its tags (v1, stable) is');
  });

  test('an untagged locked manifest is not "locked but none of its tags": retention counts it', () => {
    const findings = auditRepository(listing({ manifests: [manifestListing(one, { attributes: LOCKED })] }));
    expect(brief(findings)).toEqual([['retention-blocked', 'app']]);
    expect(findings[0]!.message).toContain('will not delete the 1 untagged among them');
  });

  test('an index whose children are not locked like it', () => {
    const findings = auditRepository(
      listing({
        tags: [tagListing('v1', { digest: index, attributes: LOCKED })],
        manifests: [
          manifestListing(index, { tags: ['v1'], children: [amd64, arm64], attributes: LOCKED }),
          manifestListing(amd64, { attributes: LOCKED }),
          manifestListing(arm64, { attributes: { deleteEnabled: false } }),
        ],
      }),
    );
    expect(brief(findings)).toEqual([
      ['index-child-unlocked', `app@${arm64}`],
      ['retention-blocked', 'app'],
    ]);
    expect(findings[0]!.message).toBe(
      `the image index ${index} has write disabled but this platform manifest has write enabled`,
    );
  });

  test('a quarantined tag whose manifest is still readable by digest', () => {
    const quarantined = { writeEnabled: true, deleteEnabled: false, readEnabled: false };
    const findings = auditRepository(
      listing({
        tags: [tagListing('bad', { digest: one, attributes: quarantined })],
        manifests: [manifestListing(one, { tags: ['bad'], attributes: { deleteEnabled: false } })],
      }),
    );
    expect(brief(findings)).toEqual([
      ['quarantine-readable-by-digest', 'app:bad'],
      ['retention-blocked', 'app'],
    ]);
  });

  test('a write-locked repository', () => {
    const findings = auditRepository(listing({ attributes: { ...DEFAULT_ATTRIBUTES, writeEnabled: false } }));
    expect(brief(findings)).toEqual([['repository-write-locked', 'app']]);
  });

  test('drift: a tag a rule applies to, not in its mode (tag and manifest named)', () => {
    const policy = parsePolicy("rules:\n  - { name: releases, repositories: app, tags: 'v*', mode: lock }");
    const findings = auditRepository(
      listing({
        tags: [
          tagListing('v1', { digest: one, attributes: { writeEnabled: false } }),
          tagListing('v2', { digest: index, attributes: LOCKED }),
          tagListing('dev', { digest: amd64 }),
        ],
        manifests: [
          manifestListing(one, { tags: ['v1'], attributes: { writeEnabled: false } }),
          manifestListing(index, { tags: ['v2'], attributes: LOCKED }),
          manifestListing(amd64, { tags: ['dev'] }),
        ],
      }),
      { policy, nowMs: NOW },
    );
    expect(findings.filter((f) => f.kind === 'drift')).toEqual([
      {
        kind: 'drift',
        severity: 'error',
        object: 'app:v1',
        message:
          "matches rule 1 'releases' (full-lock) but tag delete: enabled, want disabled; manifest delete: enabled, want disabled",
      },
    ]);
  });

  test('every finding kind is produced by some listing above', () => {
    const policy = parsePolicy('rules: [{ repositories: app, mode: lock }]');
    const everything = auditRepository(
      listing({
        attributes: { ...DEFAULT_ATTRIBUTES, writeEnabled: false },
        tags: [
          tagListing('a', { digest: one, attributes: LOCKED }),
          tagListing('b', { digest: amd64 }),
          tagListing('q', { digest: arm64, attributes: { readEnabled: false } }),
          tagListing('i', { digest: index, attributes: LOCKED }),
        ],
        manifests: [
          manifestListing(one, { tags: ['a'] }),
          manifestListing(amd64, { tags: ['b'], attributes: LOCKED }),
          manifestListing(arm64, { tags: ['q'] }),
          manifestListing(index, { tags: ['i'], children: [arm64], attributes: LOCKED }),
        ],
      }),
      { policy, nowMs: NOW },
    );
    expect(new Set(everything.map((f) => f.kind))).toEqual(new Set(FINDING_KINDS));
  });
});
