import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { stringify } from 'yaml';
import { MODES, MODE_ALIASES } from '../../src/core/model/modes.js';
import { parseDuration } from '../../src/core/policy/duration.js';
import { compileNamePattern } from '../../src/core/policy/name-pattern.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { Policy } from '../../src/core/policy/policy.js';
import { PolicyError } from '../../src/core/policy/policy-error.js';
import { repository, tag } from '../core/references-arbitraries.js';

const RUNS = { numRuns: 1000 };

function outcome(text: string): Policy | PolicyError {
  try {
    return parsePolicy(text, 'p.yml');
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
}

type RawRule = Record<string, unknown>;

const duration = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('m', 'h', 'd', 'w'))
  .map(([n, unit]) => `${n}${unit}`);
const tagPattern = fc.oneof(
  tag,
  fc.constantFrom(
    '*',
    'v*',
    '*-rc*',
    'v[0-9]*',
    '{dev,test}-*',
    'regex:^v[0-9]+(\\.[0-9]+)*$',
    'regex:(?i)RELEASE-.*',
  ),
);
const repositoryPattern = fc.oneof(repository, fc.constantFrom('**', 'apps/**', 'apps/*', 'team-?/**'));
const patterns = (one: fc.Arbitrary<string>): fc.Arbitrary<string | string[]> =>
  fc.oneof(one, fc.array(one, { minLength: 1, maxLength: 3 }));
const presetMode = fc.constantFrom(...MODES.filter((m) => m !== 'custom'), ...Object.keys(MODE_ALIASES));
const attributes = fc
  .record(
    {
      writeEnabled: fc.boolean(),
      deleteEnabled: fc.boolean(),
      readEnabled: fc.boolean(),
      listEnabled: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .filter((a) => Object.keys(a).length > 0);

/** A rule the schema and the compiler accept, with a preset mode (so any field may be broken in it). */
const validRule: fc.Arbitrary<RawRule> = fc
  .record(
    {
      name: fc.stringMatching(/^[a-z][a-z0-9 -]{0,11}$/),
      repositories: patterns(repositoryPattern),
      tags: patterns(tagPattern),
      exclude: patterns(tagPattern),
      exempt: fc.oneof(tagPattern, fc.array(tagPattern, { maxLength: 2 })),
      olderThan: duration,
      mode: presetMode,
      attributes,
    },
    { requiredKeys: ['repositories', 'mode'] },
  )
  .map((rule) => ({ ...rule }));

/** One broken field, and the field the error must name (the start of its path). */
const breakage: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.constantFrom<[string, unknown]>(
    ['olderThan', '2 days'],
    ['olderThan', 5],
    ['olderThan', ''],
    ['newerThan', '1y'],
    ['mode', 'frozen'],
    ['mode', 7],
    ['mode', 'custom'],
    ['tags', ['']],
    ['tags', 5],
    ['tags', 'a/b'],
    ['tags', '!latest'],
    ['tags', 'regex:^v(?=1)'],
    ['tags', 'regex:(?<!rc)1'],
    ['tags', ['v*', 'regex:(a)\\1']],
    ['exclude', 'regex:['],
    ['exempt', [3]],
    ['repositories', ''],
    ['repositories', []],
    ['repositories', { a: 1 }],
    ['attributes', {}],
    ['attributes', { writeEnabled: 'no' }],
    ['attributes', { canWrite: false }],
    ['ignore', false],
    ['olderthan', '2d'],
    ['Mode', 'lock'],
  ),
  // An arbitrary value where a pattern list goes: only strings and non-empty lists of strings pass.
  fc
    .tuple(
      fc.constantFrom('tags', 'exclude', 'repositories'),
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)),
    )
    .map(([field, value]) => [field, value] as [string, unknown]),
);

describe('parsePolicy (property)', () => {
  test('any text: a Policy or a PolicyError, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const result = outcome(text);
        if (result instanceof PolicyError) expect(result.message.startsWith('Policy p.yml')).toBe(true);
      }),
      RUNS,
    );
  });

  test('YAML-shaped noise: a Policy or a PolicyError, never another exception', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
    const noise = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('rules', 'repositories', 'tags', 'mode')),
          tie('value'),
          { maxKeys: 4 },
        ),
      ),
    }));
    fc.assert(
      fc.property(noise.value, (value) => {
        outcome(stringify({ rules: value }));
        outcome(stringify(value));
      }),
      RUNS,
    );
  });

  test('valid rules parse, in order, with their names', () => {
    fc.assert(
      fc.property(fc.array(validRule, { minLength: 1, maxLength: 5 }), (rules) => {
        const result = outcome(stringify({ rules }));
        expect(result).not.toBeInstanceOf(PolicyError);
        const policy = result as Policy;
        expect(policy.rules.map((r) => r.name)).toEqual(rules.map((r) => r.name));
      }),
      RUNS,
    );
  });

  test('one broken field: the error names its rule (number and name) and the field', () => {
    fc.assert(
      fc.property(
        fc.array(validRule, { minLength: 1, maxLength: 5 }),
        fc.nat(),
        breakage,
        (rules, at, [field, value]) => {
          const index = at % rules.length;
          const broken = rules.map((rule, i) => {
            if (i !== index) return rule;
            const copy: RawRule = { ...rule, [field]: value };
            // A mode is what makes `attributes` valid alone; a broken mode must not hide behind it.
            if (field === 'mode') delete copy.attributes;
            return copy;
          });
          const error = outcome(stringify({ rules: broken }));
          expect(error).toBeInstanceOf(PolicyError);
          const { location, message } = error as PolicyError;
          expect(location.ruleIndex).toBe(index);
          expect(message).toContain(`rule ${index + 1}`);
          const name = rules[index]!.name;
          if (typeof name === 'string') expect(message).toContain(`rule ${index + 1} '${name}'`);
          if (field === 'mode' && value === 'custom') {
            expect(message).toContain('mode custom needs attributes');
          } else if (field !== 'ignore' || location.field !== undefined) {
            expect(location.field?.split(/[.[]/)[0]).toBe(field);
            expect(message).toContain(`field '${location.field}'`);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('compileNamePattern (property)', () => {
  test('any text: a pattern or a problem, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ maxLength: 40 }).map((s) => `regex:${s}`),
        ),
        fc.constantFrom('tag' as const, 'repository' as const),
        fc.string({ maxLength: 20 }),
        (source, what, name) => {
          const result = compileNamePattern(source, what);
          if ('pattern' in result) expect(typeof result.pattern.test(name)).toBe('boolean');
          else expect(result.problem.length).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });

  test('a literal tag, as a glob or as a quoted regex, matches itself and nothing longer', () => {
    fc.assert(
      fc.property(tag, (name) => {
        for (const source of [name, `regex:${RE2JS.quote(name)}`]) {
          const result = compileNamePattern(source, 'tag');
          if (!('pattern' in result)) throw new Error(result.problem);
          expect(result.pattern.test(name)).toBe(true);
          expect(result.pattern.test(`${name}x`)).toBe(false);
        }
      }),
      RUNS,
    );
  });
});

describe('parseDuration (property)', () => {
  test('any text: a number of ms or undefined', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const ms = parseDuration(text);
        if (ms !== undefined) expect(Number.isSafeInteger(ms)).toBe(true);
      }),
      RUNS,
    );
  });

  test('n units is n times the unit', () => {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.constantFrom('m', 'h', 'd', 'w' as const),
        (n, unit) => {
          expect(parseDuration(`${n}${unit}`)).toBe(n * unitMs[unit]);
        },
      ),
      RUNS,
    );
  });
});
