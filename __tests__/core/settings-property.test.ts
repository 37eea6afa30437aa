import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.js';
import { ATTRIBUTE_NAMES, type AttributeName } from '../../src/core/model/attributes.js';
import { CLOUDS } from '../../src/core/model/cloud.js';
import { ACTIONS, MODES, MODE_ALIASES, PRESETS } from '../../src/core/model/modes.js';
import { formatReference, isValidHost } from '../../src/core/references/index.js';
import { INPUT_NAMES, type InputName, type InputReader } from '../../src/core/settings/input-names.js';
import { ATTRIBUTE_INPUTS, parseSettings } from '../../src/core/settings/parse-settings.js';
import { SCOPES, type Settings } from '../../src/core/settings/settings.js';
import { loginServer, referenceParts, repository, tag } from './references-arbitraries.js';

type Inputs = Partial<Record<InputName, string>>;

function reader(inputs: Inputs): InputReader {
  return (name) => inputs[name];
}

function outcome(inputs: Inputs): Settings | InputError {
  try {
    return parseSettings(reader(inputs));
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

/** A value in any case, e.g. `TRUE`, `True`, `true`. */
function anyCase(values: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...values), fc.constantFrom('lower', 'upper', 'as-is'))
    .map(([v, c]) => (c === 'lower' ? v.toLowerCase() : c === 'upper' ? v.toUpperCase() : v));
}

const boolish = fc.oneof(anyCase(['true', 'false']), fc.constantFrom('', ' ', 'yes', '0'));
const references = fc
  .array(referenceParts.map(formatReference), { minLength: 1, maxLength: 4 })
  .chain((refs) => fc.constantFrom(', ', '\n', ',').map((sep) => refs.join(sep)));

/** Mostly plausible values per input, with arbitrary strings mixed in to reach every rule. */
const plausible: Record<InputName, fc.Arbitrary<string>> = {
  image: fc.oneof(references, repository, fc.string()),
  timeout: fc.oneof(fc.constantFrom('10m', '90', '1.5s', '0', '2h', '25h', '-1s'), fc.string()),
  'request-timeout': fc.oneof(fc.constantFrom('30s', '500ms', '50ms', '1m'), fc.string()),
  'max-retry-after': fc.oneof(fc.constantFrom('0', '60s', '2h'), fc.string()),
  'force-unlock-shared': fc.oneof(boolish, fc.string()),
  tag: fc.oneof(
    tag,
    fc.array(tag, { maxLength: 3 }).map((t) => t.join(',')),
    fc.string(),
  ),
  'lock-mode': fc.oneof(anyCase([...MODES, ...Object.keys(MODE_ALIASES)]), fc.string()),
  'lock-manifest': fc.oneof(boolish, fc.string()),
  'include-referrers': fc.oneof(boolish, fc.string()),
  'referrer-types': fc.oneof(
    fc.constantFrom('application/spdx+json', 'application/vnd.in-toto+json, application/spdx+json', 'spdx'),
    fc.string(),
  ),
  'referrer-depth': fc.oneof(fc.integer({ min: -2, max: 70 }).map(String), fc.string()),
  registry: fc.oneof(
    fc.constantFrom('myreg', 'https://myreg.azurecr.io', 'http://x.io', 'abc'),
    loginServer,
    fc.string(),
  ),
  action: fc.oneof(anyCase(ACTIONS), fc.string()),
  scope: fc.oneof(anyCase(SCOPES), fc.string()),
  'write-enabled': fc.oneof(boolish, fc.string()),
  'delete-enabled': fc.oneof(boolish, fc.string()),
  'read-enabled': fc.oneof(boolish, fc.string()),
  'list-enabled': fc.oneof(boolish, fc.string()),
  cloud: fc.oneof(anyCase(CLOUDS), fc.string()),
  'client-id': fc.string(),
  'tenant-id': fc.string(),
  audience: fc.string(),
  username: fc.string(),
  password: fc.string(),
  'ca-cert': fc.string(),
  'max-concurrency': fc.oneof(fc.integer({ min: -2, max: 70 }).map(String), fc.string()),
  // The policy actions' inputs: a lock run leaves them alone.
  policy: fc.string(),
  repository: fc.oneof(repository, fc.string()),
  include: fc.string(),
  exclude: fc.string(),
  'older-than': fc.string(),
  'allow-bulk-unlock': fc.oneof(boolish, fc.string()),
  checkpoint: fc.string(),
  'fail-on-findings': fc.oneof(boolish, fc.string()),
  'max-writes-per-minute': fc.string(),
};

const plausibleInputs: fc.Arbitrary<Inputs> = fc.record(plausible, { requiredKeys: [] });

/** Valid values, with an occasional arbitrary string. */
function mostly(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: fc.string(), weight: 1 });
}

const credentialInputs: fc.Arbitrary<Inputs> = fc.oneof(
  fc.constant({}),
  fc.record({ username: fc.string({ minLength: 1 }), password: fc.string({ minLength: 1 }) }),
  fc.record(
    { 'client-id': fc.uuid(), 'tenant-id': fc.uuid(), audience: fc.string() },
    { requiredKeys: ['client-id', 'tenant-id'] },
  ),
  fc.record({ username: fc.string(), 'client-id': fc.string() }, { requiredKeys: [] }),
);

/** Inputs that are usually valid, so the properties of a successful parse get exercised. */
const mostlyValidInputs: fc.Arbitrary<Inputs> = fc
  .tuple(
    fc.record(
      {
        image: mostly(references),
        // tag is left to the bare-repository property below: with tagged images it is refused.
        'lock-mode': mostly(anyCase(MODES.filter((m) => m !== 'custom'))),
        'lock-manifest': mostly(boolish),
        registry: mostly(fc.constantFrom('myreg', 'https://myreg.azurecr.io', 'localhost:8443')),
        action: mostly(anyCase(ACTIONS)),
        scope: mostly(anyCase(['image'])),
        'write-enabled': mostly(anyCase(['true', 'false'])),
        'read-enabled': mostly(anyCase(['true', 'false'])),
        cloud: mostly(anyCase(CLOUDS)),
        'ca-cert': fc.string(),
      },
      { requiredKeys: ['image'] },
    ),
    credentialInputs,
  )
  .map(([inputs, credentials]) => ({ ...inputs, ...credentials }));
const arbitraryInputs: fc.Arbitrary<Inputs> = fc.record(
  Object.fromEntries(INPUT_NAMES.map((name) => [name, fc.string({ unit: 'grapheme' })])) as Record<
    InputName,
    fc.Arbitrary<string>
  >,
  { requiredKeys: [] },
);

function targetKey(t: Settings['targets'][number]): string {
  return JSON.stringify(t.kind === 'tag' ? [t.loginServer, t.repository, t.tag] : t);
}

describe('parseSettings properties', () => {
  test('never throws anything but InputError, and what it returns keeps its promises', () => {
    let parsed = 0;
    fc.assert(
      fc.property(fc.oneof(mostlyValidInputs, plausibleInputs, arbitraryInputs), (inputs) => {
        const result = outcome(inputs);
        if (result instanceof InputError) {
          expect(INPUT_NAMES).toContain(result.input);
          expect(result.message.startsWith(`Input '${result.input}': `)).toBe(true);
          return;
        }
        expect(result.targets.length).toBeGreaterThan(0);
        expect(Object.keys(result.desired).length).toBeGreaterThan(0);
        expect(ACTIONS).toContain(result.action);
        expect(MODES).toContain(result.mode);
        for (const target of result.targets) expect(isValidHost(target.loginServer)).toBe(true);
        const keys = result.targets.map(targetKey);
        expect(new Set(keys).size).toBe(keys.length);
        parsed += 1;
      }),
      { numRuns: 3000 },
    );
    // The invariants above must have been exercised, not only the refusals.
    expect(parsed).toBeGreaterThan(100);
  });

  test('desired is the preset with the overrides applied; custom needs an override', () => {
    const override = fc.option(anyCase(['true', 'false']), { nil: undefined });
    const overrides = fc.record(
      Object.fromEntries(ATTRIBUTE_NAMES.map((a) => [a, override])) as Record<
        AttributeName,
        fc.Arbitrary<string | undefined>
      >,
    );
    fc.assert(
      fc.property(fc.constantFrom(...MODES), overrides, (mode, given) => {
        const inputs: Inputs = { registry: 'myreg', image: 'app:1', 'lock-mode': mode };
        const expected: Partial<Record<AttributeName, boolean>> = { ...PRESETS[mode] };
        for (const name of ATTRIBUTE_NAMES) {
          const value = given[name];
          if (value === undefined) continue;
          inputs[ATTRIBUTE_INPUTS[name]] = value;
          expected[name] = value.toLowerCase() === 'true';
        }
        const result = outcome(inputs);
        if (mode === 'custom' && Object.keys(expected).length === 0) {
          expect(result).toBeInstanceOf(InputError);
          expect((result as InputError).input).toBe('lock-mode');
        } else {
          expect(result).not.toBeInstanceOf(InputError);
          expect((result as Settings).desired).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('valid references with a tag or digest become one target each, with their own parts', () => {
    const pinned = referenceParts.filter((p) => p.tag !== undefined || p.digest !== undefined);
    fc.assert(
      // Unique per tag: two different expected digests for one tag are refused (see settings.test.ts).
      fc.property(
        fc.uniqueArray(pinned, {
          minLength: 1,
          maxLength: 5,
          selector: (p) => `${p.loginServer ?? ''} ${p.repository} ${p.tag ?? p.digest ?? ''}`,
        }),
        (parts) => {
          const settings = parseSettings(
            reader({ registry: 'myreg', image: parts.map(formatReference).join('\n') }),
          );
          for (const p of parts) {
            const ls = p.loginServer ?? 'myreg.azurecr.io';
            const match = settings.targets.find(
              (t) =>
                t.loginServer === ls &&
                t.repository === p.repository &&
                (p.tag !== undefined
                  ? t.kind === 'tag' && t.tag === p.tag
                  : t.kind === 'digest' && t.digest === p.digest),
            );
            expect(match).toBeDefined();
          }
          expect(settings.targets.length).toBeLessThanOrEqual(parts.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('bare repositories times tags give every pair, and scope repository gives repository targets', () => {
    const repos = fc.uniqueArray(repository, { minLength: 1, maxLength: 3 }).map((r) =>
      r.filter((name) => {
        const first = name.split('/')[0] ?? '';
        const takenForLoginServer = name.includes('/') && (first.includes('.') || first === 'localhost');
        return !takenForLoginServer && !/\.azurecr\.(?:io|cn|us)$/.test(name);
      }),
    );
    fc.assert(
      fc.property(
        repos.filter((r) => r.length > 0),
        fc.uniqueArray(tag, { minLength: 1, maxLength: 3 }),
        (names, tags) => {
          const image = names.join(',');
          const byTag = parseSettings(reader({ registry: 'myreg', image, tag: tags.join('\n') }));
          expect(byTag.targets.map((t) => (t.kind === 'tag' ? `${t.repository}:${t.tag}` : '?'))).toEqual(
            names.flatMap((n) => tags.map((t) => `${n}:${t}`)),
          );
          const whole = parseSettings(reader({ registry: 'myreg', image, scope: 'repository' }));
          expect(whole.targets.map((t) => `${t.kind} ${t.repository}`)).toEqual(
            names.map((n) => `repository ${n}`),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
