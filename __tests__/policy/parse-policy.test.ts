import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { MODES, MODE_ALIASES, PRESETS } from '../../src/core/model/modes.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { PolicyError } from '../../src/core/policy/policy-error.js';

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, 'policy.yml');
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('the policy was accepted');
}

const sources = (patterns: ReadonlyArray<{ source: string }>): string[] => patterns.map((p) => p.source);

describe('parsePolicy: a valid file', () => {
  test('compiles rules in order with their defaults', () => {
    const policy = parsePolicy(
      [
        '# yaml-language-server: $schema=../schema/acr-lock.policy.schema.json',
        'version: 1',
        'rules:',
        '  - name: releases',
        "    repositories: ['apps/**', web]",
        "    tags: ['v*', 'regex:^[0-9]+\\.[0-9]+$']",
        "    exclude: '*-rc*'",
        '    olderThan: 2h',
        '    mode: immutable',
        '  - repositories: sandbox/**',
        '    ignore: true',
        '  - repositories: "**"',
        '    newerThan: 30d',
        '    exempt: []',
        '    attributes: { readEnabled: false }',
      ].join('\n'),
      'policy.yml',
    );
    expect(policy.source).toBe('policy.yml');
    const [releases, sandbox, rest] = policy.rules;
    expect(releases).toMatchObject({ index: 0, name: 'releases', olderThanMs: 2 * 3_600_000 });
    expect(sources(releases!.repositories)).toEqual(['apps/**', 'web']);
    expect(sources(releases!.tags)).toEqual(['v*', 'regex:^[0-9]+\\.[0-9]+$']);
    expect(sources(releases!.exclude)).toEqual(['*-rc*']);
    expect(sources(releases!.exempt)).toEqual(['latest', '*-patched']);
    expect(releases!.effect).toEqual({ kind: 'apply', mode: 'full-lock', desired: PRESETS['full-lock'] });
    expect(sandbox).toMatchObject({ index: 1, effect: { kind: 'ignore' } });
    expect(sources(sandbox!.tags)).toEqual(['*']);
    expect(rest!.newerThanMs).toBe(30 * 86_400_000);
    expect(sources(rest!.exempt)).toEqual([]);
    expect(rest!.effect).toEqual({ kind: 'apply', mode: 'custom', desired: { readEnabled: false } });
  });

  test('attributes lie over the preset; a policy-wide exempt list replaces the defaults', () => {
    const policy = parsePolicy(
      [
        "exempt: ['stable', 'regex:nightly-.*']",
        'rules:',
        '  - { repositories: a, mode: full-lock, attributes: { readEnabled: false } }',
        '  - { repositories: b, mode: hide, exempt: latest }',
      ].join('\n'),
    );
    expect(policy.rules[0]!.effect).toEqual({
      kind: 'apply',
      mode: 'full-lock',
      desired: { writeEnabled: false, deleteEnabled: false, readEnabled: false },
    });
    expect(sources(policy.rules[0]!.exempt)).toEqual(['stable', 'regex:nightly-.*']);
    expect(sources(policy.rules[1]!.exempt)).toEqual(['latest']);
  });
});

describe('parsePolicy: errors name the rule, the field and the line', () => {
  test.each([
    ['not YAML', 'rules: [', 'Policy policy.yml (line 1): not valid YAML: '],
    [
      'an unquoted * pattern',
      'rules:\n  - repositories: app\n    exempt: [*-patched]\n    mode: lock',
      "Policy policy.yml (line 3): not valid YAML: *-patched is an alias of no anchor (a pattern that starts with * must be quoted in YAML, e.g. '*-patched')",
    ],
    ['empty', '', 'Policy policy.yml: a policy is a mapping with a list of rules'],
    [
      'no rules',
      'rules: []',
      "Policy policy.yml (line 1), field 'rules': rules is a non-empty list of rules",
    ],
    [
      'an unknown top-level field',
      'rule: []',
      "Policy policy.yml (line 1), field 'rules': 'rules' is required",
    ],
    [
      'version 2',
      'version: 2\nrules: [{repositories: a, mode: lock}]',
      "field 'version': the only policy version is 1",
    ],
    [
      'no repositories',
      'rules:\n  - name: first\n    mode: lock',
      "Policy policy.yml (line 2), rule 1 'first', field 'repositories': 'repositories' is required",
    ],
    [
      'no mode',
      'rules:\n  - repositories: a',
      'Policy policy.yml (line 2), rule 1: needs a mode (or attributes), or ignore: true',
    ],
    [
      'an unknown mode',
      'rules:\n  - { repositories: a, mode: lock }\n  - name: two\n    repositories: b\n    mode: frozen',
      "Policy policy.yml (line 5), rule 2 'two', field 'mode': mode is one of full-lock (lock, immutable), delete-protect",
    ],
    [
      'custom without attributes',
      'rules: [{repositories: a, mode: custom}]',
      'rule 1: mode custom needs attributes',
    ],
    [
      'ignore with a mode',
      'rules: [{repositories: a, mode: lock, ignore: true}]',
      'rule 1: ignore: true leaves tags alone, so it takes no mode or attributes',
    ],
    [
      'ignore: false',
      'rules: [{repositories: a, ignore: false}]',
      "rule 1, field 'ignore': ignore is true or left out",
    ],
    [
      'a misspelt field',
      'rules:\n  - name: x\n    repositories: a\n    mode: lock\n    olderthan: 2d',
      "Policy policy.yml (line 5), rule 1 'x', field 'olderthan': 'olderthan' is not a policy field",
    ],
    [
      'a number where a pattern goes',
      'rules:\n  - repositories: a\n    mode: lock\n    tags:\n      - v1\n      - 1.0',
      "Policy policy.yml (line 6), rule 1, field 'tags[1]': a pattern is a non-empty string (quote one that YAML reads otherwise",
    ],
    [
      'an empty pattern',
      "rules: [{repositories: [a, ''], mode: lock}]",
      "rule 1, field 'repositories[1]': a pattern is a non-empty string",
    ],
    [
      'an age in words',
      'rules:\n  - repositories: a\n    mode: lock\n    olderThan: 2 days',
      "Policy policy.yml (line 4), rule 1, field 'olderThan': an age is a whole number followed by m, h, d or w",
    ],
    [
      'an age window that holds nothing',
      'rules: [{name: w, repositories: a, mode: lock, olderThan: 30d, newerThan: 2d}]',
      "rule 1 'w', field 'newerThan': newerThan 2d with olderThan 30d leaves no tag",
    ],
    [
      'empty attributes',
      'rules: [{repositories: a, mode: lock, attributes: {}}]',
      "rule 1, field 'attributes': attributes is a mapping of at least one of writeEnabled",
    ],
    [
      'an attribute that is not a boolean',
      "rules: [{repositories: a, mode: custom, attributes: {writeEnabled: 'no'}}]",
      "rule 1, field 'attributes.writeEnabled': is true or false",
    ],
    [
      'an unknown attribute',
      'rules: [{repositories: a, mode: custom, attributes: {canWrite: false}}]',
      "rule 1, field 'attributes.canWrite': 'canWrite' is not a policy field",
    ],
    [
      'lookahead in a regex',
      "rules:\n  - name: r\n    repositories: a\n    mode: lock\n    tags: ['regex:^v(?=1)']",
      "Policy policy.yml (line 5), rule 1 'r', field 'tags[0]': 'regex:^v(?=1)' is not an RE2 regular expression: lookahead and lookbehind",
    ],
    [
      'lookbehind in a regex',
      "rules: [{repositories: a, mode: lock, exclude: 'regex:(?<!rc)\\d'}]",
      "field 'exclude': 'regex:(?<!rc)\\d' is not an RE2 regular expression: lookahead and lookbehind",
    ],
    [
      'a backreference in a regex',
      "rules: [{repositories: a, mode: lock, tags: ['regex:(a)\\1']}]",
      "field 'tags[0]': 'regex:(a)\\1' is not an RE2 regular expression: backreferences",
    ],
    [
      'a broken regex',
      "rules: [{repositories: a, mode: lock, tags: 'regex:v[0-9'}]",
      "field 'tags': 'regex:v[0-9' is not an RE2 regular expression: ",
    ],
    [
      'an empty regex',
      "rules: [{repositories: a, mode: lock, tags: 'regex:'}]",
      "field 'tags': 'regex:' — the regular expression after regex: is empty",
    ],
    [
      'a slash in a tag pattern',
      "rules: [{repositories: a, mode: lock, tags: 'app/v1'}]",
      "field 'tags': 'app/v1' — tags never contain /, so this pattern matches nothing",
    ],
    [
      'a negated glob',
      "rules: [{repositories: a, mode: lock, tags: '!latest'}]",
      "field 'tags': '!latest' — a leading ! (negation) is not supported: list the pattern under exclude",
    ],
    [
      'a duplicate key',
      'rules:\n  - repositories: a\n    mode: lock\n    mode: unlock',
      'Policy policy.yml (line 4): not valid YAML: Map keys must be unique',
    ],
  ])('%s', (_name, text, message) => {
    const error = errorOf(text);
    expect(error.message).toContain(message);
  });

  test('the location is structured, not only text', () => {
    const error = errorOf(
      'rules:\n  - {repositories: a, mode: lock}\n  - name: two\n    repositories: b\n    mode: x',
    );
    expect(error.location).toEqual({
      source: 'policy.yml',
      ruleIndex: 1,
      ruleName: 'two',
      field: 'mode',
      line: 5,
    });
  });
});

describe('the shipped JSON Schema', () => {
  const schema = JSON.parse(readFileSync('schema/acr-lock.policy.schema.json', 'utf8')) as {
    definitions: { mode: { enum: string[] } };
  };

  test('offers every mode and alias the core knows, and no other', () => {
    expect([...schema.definitions.mode.enum].sort()).toEqual([...MODES, ...Object.keys(MODE_ALIASES)].sort());
  });

  test('the example policy in the repository is valid', () => {
    const policy = parsePolicy(
      readFileSync('examples/acr-lock.policy.yml', 'utf8'),
      'examples/acr-lock.policy.yml',
    );
    expect(policy.rules.length).toBeGreaterThan(1);
  });
});
