import { describe, expect, test } from '@jest/globals';
import { PRESETS } from '../../src/core/model/modes.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import {
  isPolicyAction,
  parsePolicySettings,
  runsOverSelection,
} from '../../src/core/settings/policy-settings.js';
import { inputErrorOf } from '../helpers/input-error-of.js';

type Inputs = Partial<Record<InputName, string>>;
const parse = (inputs: Inputs) => parsePolicySettings((name) => inputs[name]);
const base: Inputs = { action: 'sweep', registry: 'myreg' };

describe('parsePolicySettings', () => {
  test('sweep, enforce and audit are the policy actions, in any case', () => {
    expect(['sweep', 'Enforce', ' AUDIT '].every(isPolicyAction)).toBe(true);
    expect(['apply', 'show', '', undefined].some(isPolicyAction)).toBe(false);
  });

  test('verify runs over a selection when given a policy or a rule input, else over named images', () => {
    const over = (inputs: Inputs) => runsOverSelection((name) => inputs[name]);
    expect(over({ action: 'verify', repository: 'app' })).toBe(true);
    expect(over({ action: ' Verify ', policy: 'p.yml' })).toBe(true);
    expect(over({ action: 'verify', include: 'v*' })).toBe(true);
    expect(over({ action: 'verify', image: 'app:1' })).toBe(false);
    expect(over({ action: 'verify', image: 'app:1', repository: '  ' })).toBe(false);
    expect(over({ action: 'apply', repository: 'app' })).toBe(false);
    expect(over({ action: 'sweep' })).toBe(true);
  });

  test('verify over a selection parses as a sweep does, and needs no allow-bulk-unlock', () => {
    const settings = parse({ ...base, action: 'verify', repository: 'app', 'lock-mode': 'unlock' });
    expect(settings).toMatchObject({ action: 'verify', allowBulkUnlock: false, rule: { mode: 'unlock' } });
  });

  const IMAGE_OPTION_DEFAULTS: Inputs = {
    scope: 'image',
    'lock-manifest': 'true',
    'include-referrers': 'false',
    'referrer-types': '',
    'referrer-depth': '8',
    'force-unlock-shared': 'false',
  };
  const IMAGE_OPTIONS_CHANGED = [
    ['scope', 'repository'],
    ['lock-manifest', 'false'],
    ['include-referrers', 'true'],
    ['referrer-types', 'application/spdx+json'],
    ['force-unlock-shared', 'true'],
  ] as const;

  test.each([
    [
      'verify',
      "is for verifying named images; over a selection (policy or repository) each tag's rule decides what is checked, as action: sweep would",
    ],
    ...['sweep', 'enforce', 'audit'].map((action) => [
      action,
      `is for named images; over a selection (policy or repository) each tag's rule decides what action: ${action} covers: the tag, its manifest and an index's children`,
    ]),
  ])(
    "%s over a selection takes the named-image options' defaults (the action's and task's) and refuses the rest",
    (action, rule) => {
      expect(parse({ ...base, ...IMAGE_OPTION_DEFAULTS, action, repository: 'app' }).action).toBe(action);
      for (const [input, value] of IMAGE_OPTIONS_CHANGED) {
        const error = inputErrorOf(() => parse({ ...base, action, repository: 'app', [input]: value }));
        expect(error.input).toBe(input);
        expect(error.message).toBe(`Input '${input}': ${rule}`);
      }
    },
  );

  test('a policy file, with the registry resolved and the defaults', () => {
    expect(parse({ ...base, policy: 'acr-lock.policy.yml' })).toEqual({
      action: 'sweep',
      loginServer: 'myreg.azurecr.io',
      cloud: expect.objectContaining({ name: 'AzureCloud' }),
      concurrency: 4,
      policyPath: 'acr-lock.policy.yml',
      allowBulkUnlock: false,
      failOnFindings: false,
      drift: true,
      timeoutMs: 600_000,
      requestTimeoutMs: 30_000,
      maxRetryAfterMs: 60_000,
    });
  });

  test('without a policy file, one rule from the inputs (lists split, mode with its overrides)', () => {
    const settings = parse({
      ...base,
      repository: 'apps/**, web',
      include: 'v*\nregex:^[0-9]+$',
      exclude: 'v0*',
      'older-than': '2h',
      'lock-mode': 'delete-protect',
      'read-enabled': 'false',
    });
    expect(settings.rule).toEqual({
      repository: ['apps/**', 'web'],
      include: ['v*', 'regex:^[0-9]+$'],
      exclude: ['v0*'],
      olderThan: '2h',
      mode: 'delete-protect',
      desired: { ...PRESETS['delete-protect'], readEnabled: false },
    });
    expect(settings.drift).toBe(false);
  });

  test.each<[Inputs, string, string]>([
    [{ action: 'sweep', repository: 'app' }, 'registry', 'action: sweep needs the registry'],
    [{ ...base }, 'repository', 'needs policy (a policy file) or repository'],
    [{ ...base, policy: 'p.yml', include: 'v*' }, 'include', 'cannot be combined with policy'],
    [{ ...base, repository: 'app', image: 'app:1' }, 'image', 'is for locking named images'],
    [{ ...base, repository: 'app', checkpoint: 'c.json' }, 'checkpoint', 'is kept by action: enforce only'],
    [
      { ...base, repository: 'app', 'fail-on-findings': 'true' },
      'fail-on-findings',
      'is a gate for action: audit only',
    ],
    [
      { ...base, repository: 'app', 'max-writes-per-minute': '0' },
      'max-writes-per-minute',
      'expected a whole number',
    ],
    [
      { ...base, repository: 'app', 'allow-bulk-unlock': 'yes' },
      'allow-bulk-unlock',
      'expected true or false',
    ],
    [
      { action: 'verify', image: 'app:1', repository: 'app' },
      'image',
      'cannot be combined with repository; action: verify checks either named images or a selection (policy or repository), not both',
    ],
    [
      { action: 'verify', tag: '1', image: 'app', policy: 'p.yml' },
      'image',
      'cannot be combined with policy; action: verify checks either',
    ],
    [{ ...base, action: 'verify', repository: 'app', checkpoint: 'c.json' }, 'checkpoint', 'enforce only'],
    [
      { ...base, action: 'purge', repository: 'app' },
      'action',
      'accepted values: sweep, enforce, audit, verify',
    ],
  ])('%j → %s: %s', (inputs, input, rule) => {
    const error = inputErrorOf(() => parse(inputs));
    expect(error.input).toBe(input);
    expect(error.message).toContain(rule);
  });
});
