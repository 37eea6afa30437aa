import { describe, expect, test } from '@jest/globals';
import { PRESETS } from '../../src/core/model/modes.js';
import { opensDeletion, unlockingRules } from '../../src/core/policy/bulk-unlock.js';
import { matchTag } from '../../src/core/policy/match-tag.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { policyFromInputs, type SweepInputs } from '../../src/core/policy/policy-from-inputs.js';
import { PolicyError } from '../../src/core/policy/policy-error.js';
import { DAY, HOUR, NOW } from './policy-fixtures.js';

const base: SweepInputs = {
  repository: ['app'],
  include: [],
  exclude: [],
  mode: 'full-lock',
  desired: PRESETS['full-lock'],
};

describe('policyFromInputs: a sweep without a policy file is one rule', () => {
  test('repository × include − exclude − default exemptions, older-than, in the lock mode', () => {
    const policy = policyFromInputs({ ...base, include: ['v*'], exclude: ['v0*'], olderThan: '2h' });
    expect(policy.source).toBe('inputs');
    const [rule] = policy.rules;
    const kind = (name: string, ageMs = DAY): string =>
      matchTag(policy.rules, { name, lastUpdatedMs: NOW - ageMs }, NOW).kind;
    expect(kind('v1')).toBe('apply');
    expect(kind('v1', HOUR)).toBe('unmatched');
    expect(kind('v0.1')).toBe('excluded');
    expect(kind('latest')).toBe('unmatched');
    expect(kind('v1-patched')).toBe('exempt');
    expect(rule!.effect).toEqual({ kind: 'apply', mode: 'full-lock', desired: PRESETS['full-lock'] });
  });

  test('include defaults to every tag', () => {
    const policy = policyFromInputs(base);
    expect(matchTag(policy.rules, { name: 'anything' }, NOW).kind).toBe('apply');
  });

  test.each<[Partial<SweepInputs>, string]>([
    [{ repository: [] }, "Input 'repository': a sweep needs at least one repository"],
    [
      { olderThan: 'two days' },
      "Input 'older-than': 'two days' — an age is a whole number followed by m, h, d or w",
    ],
    [
      { include: ['regex:(?=v)'] },
      "Input 'include': 'regex:(?=v)' is not an RE2 regular expression: lookahead",
    ],
    [{ exclude: ['a/b'] }, "Input 'exclude': 'a/b' — tags never contain /"],
    [{ repository: ['!app'] }, "Input 'repository': '!app' — a leading ! (negation) is not supported"],
  ])('%j → %s', (inputs, message) => {
    expect(() => policyFromInputs({ ...base, ...inputs })).toThrow(PolicyError);
    expect(() => policyFromInputs({ ...base, ...inputs })).toThrow(message);
  });
});

describe('bulk unlock', () => {
  test('unlock, reset and custom delete/write enabled open deletion; delete-protect and quarantine do not', () => {
    expect(opensDeletion(PRESETS.unlock)).toBe(true);
    expect(opensDeletion(PRESETS.reset)).toBe(true);
    expect(opensDeletion({ writeEnabled: true })).toBe(true);
    expect(opensDeletion({ deleteEnabled: true, writeEnabled: false })).toBe(true);
    expect(opensDeletion(PRESETS['delete-protect'])).toBe(false);
    expect(opensDeletion(PRESETS.quarantine)).toBe(false);
    expect(opensDeletion(PRESETS['full-lock'])).toBe(false);
    expect(opensDeletion(PRESETS.hide)).toBe(false);
  });

  test('unlockingRules names the rules a sweep refuses without allow-bulk-unlock', () => {
    const policy = parsePolicy(
      [
        'rules:',
        '  - { repositories: a, mode: lock }',
        '  - { name: open, repositories: b, mode: unlock }',
        '  - { repositories: c, ignore: true }',
        '  - { repositories: d, attributes: { deleteEnabled: true } }',
      ].join('\n'),
    );
    expect(unlockingRules(policy).map((r) => r.index)).toEqual([1, 3]);
  });
});
