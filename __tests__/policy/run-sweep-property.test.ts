import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { matchesDesired } from '../../src/core/plan/plan-changes.js';
import type { DesiredAttributes } from '../../src/core/model/attributes.js';
import { matchTag, rulesForRepository } from '../../src/core/policy/match-tag.js';
import { mergeDesired } from '../../src/core/policy/plan-tag-page.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { runSweep } from '../../src/core/policy/run-sweep.js';
import { MemoryListingRegistry } from './memory-listing-registry.js';
import { digestOf } from './policy-fixtures.js';

const NOW = 10_000_000_000;
const policy = parsePolicy(
  [
    'rules:',
    "  - { repositories: app, tags: 'keep-*', ignore: true }",
    "  - { repositories: app, tags: 'v*', exclude: 'v0*', mode: full-lock }",
    "  - { repositories: app, tags: 'q*', mode: quarantine }",
    "  - { repositories: app, tags: 'h*', mode: hide }",
    "  - { repositories: app, tags: 'u*', mode: unlock }",
  ].join('\n'),
);
const rules = rulesForRepository(policy, 'app');

const pushes = fc.array(
  fc.record({
    tag: fc.constantFrom('v1', 'v2', 'v0', 'q1', 'h1', 'u1', 'keep-1', 'latest', 'x', 'v3-patched'),
    image: fc.integer({ min: 0, max: 5 }),
    index: fc.boolean(),
    locked: fc.boolean(),
  }),
  { maxLength: 12 },
);

interface Push {
  readonly tag: string;
  readonly image: number;
  readonly index: boolean;
  readonly locked: boolean;
}

function build(list: readonly Push[], pageSize: number): MemoryListingRegistry {
  const registry = new MemoryListingRegistry(pageSize);
  for (const { tag, image, index, locked } of list) {
    // An image is an index (with two children of its own) or a single manifest, the same every time.
    const digest = digestOf(`${index ? 'i' : 'm'}${image}`);
    const children = index ? [digestOf(`c${image}a`), digestOf(`c${image}b`)] : [];
    registry.push('app', tag, digest, { children });
    if (locked)
      registry.tag('app', tag).attributes = { ...registry.tag('app', tag).attributes, writeEnabled: false };
  }
  return registry;
}

describe('runSweep (property)', () => {
  test('afterwards every selected tag is in its mode, kept tags are untouched, and a re-run writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(pushes, fc.integer({ min: 1, max: 5 }), async (list, pageSize) => {
        const registry = build(list, pageSize);
        const before = new Map(
          [...(registry.tags.get('app') ?? [])].map(([n, t]) => [n, { ...t.attributes }]),
        );
        await runSweep(registry, policy, { concurrency: 3, nowMs: NOW });
        for (const [name, tag] of registry.tags.get('app') ?? []) {
          const verdict = matchTag(rules, { name, lastUpdatedMs: tag.lastUpdatedMs }, NOW);
          if (verdict.kind === 'apply') {
            expect(matchesDesired(tag.attributes, verdict.desired)).toBe(true);
          } else {
            expect(tag.attributes).toEqual(before.get(name));
          }
        }
        // Each manifest (and an index's children) holds what its tags' rules want, merged protectively.
        const wanted = new Map<string, DesiredAttributes>();
        for (const [name, tag] of registry.tags.get('app') ?? []) {
          const verdict = matchTag(rules, { name, lastUpdatedMs: tag.lastUpdatedMs }, NOW);
          if (verdict.kind !== 'apply') continue;
          for (const digest of [tag.digest, ...registry.manifest('app', tag.digest).children]) {
            const seen = wanted.get(digest);
            wanted.set(digest, seen ? mergeDesired(seen, verdict.desired) : verdict.desired);
          }
        }
        for (const [digest, desired] of wanted) {
          expect(matchesDesired(registry.manifest('app', digest).attributes, desired)).toBe(true);
        }
        const writes = registry.writes;
        const again = await runSweep(registry, policy, { concurrency: 3, nowMs: NOW });
        expect(registry.writes).toBe(writes);
        expect(again.changed).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  test('the outcome does not depend on the page size', async () => {
    await fc.assert(
      fc.asyncProperty(pushes, fc.integer({ min: 1, max: 5 }), async (list, pageSize) => {
        const small = build(list, pageSize);
        const large = build(list, 100);
        await runSweep(small, policy, { concurrency: 2, nowMs: NOW });
        await runSweep(large, policy, { concurrency: 2, nowMs: NOW });
        expect(small.tags).toEqual(large.tags);
        expect(small.manifests).toEqual(large.manifests);
        expect(small.writes).toBe(large.writes);
      }),
      { numRuns: 200 },
    );
  });
});
