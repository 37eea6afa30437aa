import { describe, expect, test } from '@jest/globals';
import { matchTag, rulesForRepository, type TagVerdict } from '../../src/core/policy/match-tag.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { Policy } from '../../src/core/policy/policy.js';
import { DAY, HOUR, NOW } from './policy-fixtures.js';

function verdict(policy: Policy, repository: string, name: string, ageMs = DAY): TagVerdict {
  return matchTag(rulesForRepository(policy, repository), { name, lastUpdatedMs: NOW - ageMs }, NOW);
}

/** `apply 2 full-lock`, `excluded 1 *-rc*`, `unmatched`: the verdict in a word or three. */
function summary(v: TagVerdict): string {
  switch (v.kind) {
    case 'apply':
      return `apply ${v.rule.index + 1} ${v.mode}`;
    case 'ignored':
      return `ignored ${v.rule.index + 1}`;
    case 'excluded':
    case 'exempt':
      return `${v.kind} ${v.rule.index + 1} ${v.pattern}`;
    case 'unmatched':
      return 'unmatched';
  }
}

const policy = parsePolicy(
  [
    'rules:',
    '  - name: sandbox',
    "    repositories: 'sandbox/**'",
    '    ignore: true',
    '  - name: release candidates',
    "    repositories: 'apps/**'",
    "    tags: '*-rc*'",
    '    mode: delete-protect',
    '  - name: releases',
    "    repositories: ['apps/**', web]",
    "    tags: ['v*', 'regex:^[0-9]+\\.[0-9]+\\.[0-9]+$']",
    "    exclude: ['v0.*', 'regex:.*-dev[0-9]*']",
    '    mode: full-lock',
    '  - name: everything else',
    "    repositories: '**'",
    '    mode: hide',
  ].join('\n'),
);

describe('matchTag: first match wins', () => {
  test.each([
    ['apps/api', 'v1.2-rc1', 'apply 2 delete-protect', 'an earlier rule beats a later one that also matches'],
    ['apps/api', 'v1.2', 'apply 3 full-lock', 'glob include'],
    ['web', '1.2.3', 'apply 3 full-lock', 'regex include'],
    ['web', '1.2.3.4', 'apply 4 hide', 'a regex matches the whole tag, not a part'],
    ['apps/team/api', 'v2', 'apply 3 full-lock', '** crosses /'],
    ['sandbox/x', 'v1', 'ignored 1', 'an ignore rule shields the tag from later rules'],
    ['other', 'v1', 'apply 4 hide', 'only the rules for the repository count'],
  ])('%s:%s → %s (%s)', (repository, name, expected) => {
    expect(summary(verdict(policy, repository, name))).toBe(expected);
  });

  test('a repository no rule names is unmatched', () => {
    const narrow = parsePolicy("rules: [{repositories: 'apps/*', mode: lock}]");
    expect(rulesForRepository(narrow, 'apps/a/b')).toEqual([]);
    expect(summary(verdict(narrow, 'apps/a/b', 'v1'))).toBe('unmatched');
    expect(summary(verdict(narrow, 'apps/a', 'v1'))).toBe('apply 1 full-lock');
  });
});

describe('matchTag: exclusions really exempt', () => {
  test('an excluded tag is kept, though a later rule would match it', () => {
    expect(summary(verdict(policy, 'apps/api', 'v0.9'))).toBe('excluded 3 v0.*');
    expect(summary(verdict(policy, 'web', 'v2-dev3'))).toBe('excluded 3 regex:.*-dev[0-9]*');
  });

  test('default exemptions: latest and *-patched, kept whatever later rules say', () => {
    expect(summary(verdict(policy, 'other', 'latest'))).toBe('exempt 4 latest');
    expect(summary(verdict(policy, 'web', 'v1.2-patched'))).toBe('exempt 3 *-patched');
    expect(summary(verdict(policy, 'web', 'latest-x'))).toBe('apply 4 hide');
  });

  test('a rule overrides the exemptions; [] exempts nothing', () => {
    const own = parsePolicy(
      [
        'rules:',
        "  - { repositories: a, exempt: ['stable'], mode: lock }",
        '  - { repositories: b, exempt: [], mode: lock }',
        "exempt: 'nightly'",
      ].join('\n'),
    );
    expect(summary(verdict(own, 'a', 'stable'))).toBe('exempt 1 stable');
    expect(summary(verdict(own, 'a', 'latest'))).toBe('apply 1 full-lock');
    expect(summary(verdict(own, 'b', 'latest'))).toBe('apply 2 full-lock');
  });

  test('a policy-wide exempt list replaces the defaults for every rule without its own', () => {
    const wide = parsePolicy("exempt: ['nightly']\nrules: [{ repositories: a, mode: lock }]");
    expect(summary(verdict(wide, 'a', 'nightly'))).toBe('exempt 1 nightly');
    expect(summary(verdict(wide, 'a', 'latest'))).toBe('apply 1 full-lock');
  });
});

describe('matchTag: age filters', () => {
  const aged = parsePolicy(
    [
      'rules:',
      "  - { name: young, repositories: a, tags: 'v*', newerThan: 2h, mode: delete-protect }",
      "  - { name: old, repositories: a, tags: 'v*', olderThan: 30d, mode: full-lock }",
      "  - { name: window, repositories: a, tags: 'v*', olderThan: 1d, newerThan: 7d, mode: quarantine }",
    ].join('\n'),
  );

  test.each([
    [HOUR, 'apply 1 delete-protect'],
    [2 * HOUR - 1, 'apply 1 delete-protect'],
    [2 * HOUR, 'unmatched'],
    [DAY, 'apply 3 quarantine'],
    [7 * DAY - 1, 'apply 3 quarantine'],
    [7 * DAY, 'unmatched'],
    [30 * DAY, 'apply 2 full-lock'],
    [400 * DAY, 'apply 2 full-lock'],
  ])('updated %d ms ago → %s', (age, expected) => {
    expect(summary(verdict(aged, 'a', 'v1', age))).toBe(expected);
  });

  test('a tag too young for one rule goes on to the next', () => {
    const fallThrough = parsePolicy(
      'rules:\n  - { repositories: a, olderThan: 2h, mode: lock }\n  - { repositories: a, mode: delete-protect }',
    );
    expect(summary(verdict(fallThrough, 'a', 'v1', HOUR))).toBe('apply 2 delete-protect');
    expect(summary(verdict(fallThrough, 'a', 'v1', 3 * HOUR))).toBe('apply 1 full-lock');
  });

  test('an exclusion holds whatever the age: an excluded young tag does not fall through', () => {
    const p = parsePolicy(
      "rules:\n  - { repositories: a, olderThan: 2h, exclude: 'x*', mode: lock }\n  - { repositories: a, mode: unlock }",
    );
    expect(summary(verdict(p, 'a', 'x1', HOUR))).toBe('excluded 1 x*');
  });

  test('an unknown update time never satisfies an age filter', () => {
    const rules = rulesForRepository(aged, 'a');
    expect(matchTag(rules, { name: 'v1' }, NOW).kind).toBe('unmatched');
  });
});
