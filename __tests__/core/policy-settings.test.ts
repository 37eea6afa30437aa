import { describe, expect, test } from '@jest/globals';
import { PRESETS } from '../../src/core/model/modes.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { isPolicyAction, parsePolicySettings } from '../../src/core/settings/policy-settings.js';
import { inputErrorOf } from '../helpers/input-error-of.js';

type Inputs = Partial<Record<InputName, string>>;
const parse = (inputs: Inputs) => parsePolicySettings((name) => inputs[name]);
const base: Inputs = { action: 'sweep', registry: 'myreg' };

describe('parsePolicySettings', () => {
  test('sweep, enforce and audit are the policy actions, in any case', () => {
    expect(['sweep', 'Enforce', ' AUDIT '].every(isPolicyAction)).toBe(true);
    expect(['apply', 'show', '', undefined].some(isPolicyAction)).toBe(false);
  });

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
    [{ ...base, action: 'purge', repository: 'app' }, 'action', 'accepted values: sweep, enforce, audit'],
  ])('%j → %s: %s', (inputs, input, rule) => {
    const error = inputErrorOf(() => parse(inputs));
    expect(error.input).toBe(input);
    expect(error.message).toContain(rule);
  });
});
