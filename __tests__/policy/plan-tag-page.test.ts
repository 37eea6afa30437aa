import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { rulesForRepository } from '../../src/core/policy/match-tag.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { ManifestDemand } from '../../src/core/policy/manifest-pass.js';
import { mergeDesired, planTagPage } from '../../src/core/policy/plan-tag-page.js';
import { writeTagDecisions } from '../../src/core/policy/write-tags.js';
import { DAY, LOCKED, NOW, digestOf, tagListing } from './policy-fixtures.js';

const policy = parsePolicy(
  [
    'rules:',
    "  - { repositories: app, tags: 'v*', exclude: 'v0*', olderThan: 1d, mode: full-lock }",
    "  - { repositories: app, tags: 'debug-*', mode: quarantine }",
  ].join('\n'),
);
const rules = rulesForRepository(policy, 'app');

describe('planTagPage', () => {
  test('each tag: its verdict, and only the attributes that differ', () => {
    const page = [
      tagListing('v1', { ageMs: 2 * DAY }),
      tagListing('v2', { ageMs: 2 * DAY, attributes: LOCKED }),
      tagListing('v3', { ageMs: 2 * DAY, attributes: { writeEnabled: false } }),
      tagListing('v4', { ageMs: 1000 }),
      tagListing('v0.1', { ageMs: 2 * DAY }),
      tagListing('latest'),
      tagListing('debug-1', { attributes: LOCKED }),
    ];
    const decisions = planTagPage(rules, page, NOW);
    expect(decisions.map((d) => [d.tag.name, d.verdict.kind, d.changes])).toEqual([
      ['v1', 'apply', { writeEnabled: false, deleteEnabled: false }],
      ['v2', 'apply', {}],
      ['v3', 'apply', { deleteEnabled: false }],
      ['v4', 'unmatched', {}],
      ['v0.1', 'excluded', {}],
      ['latest', 'unmatched', {}],
      ['debug-1', 'apply', { writeEnabled: true, readEnabled: false }],
    ]);
  });

  test('page by page gives the same decisions as all at once (nothing carried between pages)', () => {
    const name = fc.constantFrom('v1', 'v2', 'v0', 'debug-a', 'latest', 'x', 'v9-patched');
    const listing = fc
      .tuple(name, fc.integer({ min: 0, max: 3 * DAY }), fc.boolean(), fc.boolean())
      .map(([n, age, write, del]) =>
        tagListing(n, { ageMs: age, attributes: { writeEnabled: write, deleteEnabled: del } }),
      );
    fc.assert(
      fc.property(fc.array(listing, { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (tags, size) => {
        const whole = planTagPage(rules, tags, NOW);
        const paged = [];
        for (let i = 0; i < tags.length; i += size)
          paged.push(...planTagPage(rules, tags.slice(i, i + size), NOW));
        expect(paged).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});

describe('manifest demands', () => {
  test('one entry per digest; two rules on one manifest: the protective value wins', async () => {
    const shared = digestOf('shared');
    const decisions = planTagPage(
      rulesForRepository(
        parsePolicy(
          "rules:\n  - { repositories: app, tags: 'a', mode: unlock }\n  - { repositories: app, mode: lock }",
        ),
        'app',
      ),
      [tagListing('a', { digest: shared }), tagListing('b', { digest: shared }), tagListing('latest')],
      NOW,
    );
    const demands = new Map<string, ManifestDemand>();
    const registry = {
      updateTag: (): never => {
        throw new Error('a dry run writes nothing');
      },
    };
    expect(
      await writeTagDecisions(decisions, demands, registry, { dryRun: true, concurrency: 1, nowMs: NOW }),
    ).toBe(true);
    expect([...demands]).toEqual([
      [
        shared,
        {
          desired: { writeEnabled: false, deleteEnabled: false },
          via: 'app:a, app:b',
          rule: 'rule 1, rule 2',
        },
      ],
    ]);
  });

  test('mergeDesired: false over true, an attribute one side leaves alone is taken from the other', () => {
    expect(mergeDesired({ writeEnabled: true, readEnabled: false }, { writeEnabled: false })).toEqual({
      writeEnabled: false,
      readEnabled: false,
    });
    expect(mergeDesired({ listEnabled: true }, { deleteEnabled: false })).toEqual({
      deleteEnabled: false,
      listEnabled: true,
    });
  });
});
