import { describe, expect, test } from '@jest/globals';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';
import { PRESETS, MODES } from '../../src/core/model/modes.js';
import { diffAttributes, planChanges } from '../../src/core/plan/plan-changes.js';
import { evaluatePlan } from '../../src/core/plan/evaluate-plan.js';
import type { Subject } from '../../src/core/model/subjects.js';

const locked: LockAttributes = {
  writeEnabled: false,
  deleteEnabled: false,
  readEnabled: true,
  listEnabled: true,
};
const quarantined: LockAttributes = {
  writeEnabled: true,
  deleteEnabled: false,
  readEnabled: false,
  listEnabled: true,
};
const hidden: LockAttributes = { ...DEFAULT_ATTRIBUTES, listEnabled: false };

describe('diffAttributes: each preset from each starting state', () => {
  test.each([
    ['full-lock', DEFAULT_ATTRIBUTES, { writeEnabled: false, deleteEnabled: false }],
    ['full-lock', locked, {}],
    ['full-lock', quarantined, { writeEnabled: false }],
    ['delete-protect', DEFAULT_ATTRIBUTES, { deleteEnabled: false }],
    ['delete-protect', locked, { writeEnabled: true }],
    ['quarantine', DEFAULT_ATTRIBUTES, { deleteEnabled: false, readEnabled: false }],
    ['quarantine', quarantined, {}],
    ['release', quarantined, { readEnabled: true }],
    ['release', DEFAULT_ATTRIBUTES, {}],
    ['hide', DEFAULT_ATTRIBUTES, { listEnabled: false }],
    ['unlock', locked, { writeEnabled: true, deleteEnabled: true }],
    ['unlock', hidden, {}],
    ['reset', hidden, { listEnabled: true }],
    ['reset', quarantined, { deleteEnabled: true, readEnabled: true }],
    ['custom', locked, {}],
  ] as const)('%s from %j writes %j', (mode, current, expected) => {
    expect(diffAttributes(current, PRESETS[mode])).toEqual(expected);
  });

  test('every preset but custom asks for something', () => {
    for (const mode of MODES.filter((m) => m !== 'custom'))
      expect(Object.keys(PRESETS[mode]).length).toBeGreaterThan(0);
  });
});

const base = { target: 'r.io/app:1', loginServer: 'r.io', repository: 'app' } as const;
const tag = (t: string, digest: string, current: LockAttributes = DEFAULT_ATTRIBUTES): Subject => ({
  ...base,
  kind: 'tag',
  role: 'target',
  tag: t,
  digest,
  current,
});
const manifest = (
  digest: string,
  role: Subject['role'],
  current: LockAttributes = DEFAULT_ATTRIBUTES,
): Subject => ({
  ...base,
  kind: 'manifest',
  role,
  digest,
  current,
});

describe('planChanges', () => {
  test('manifests come before tags, and a manifest reached twice is planned once with its strongest role', () => {
    const plan = planChanges(
      [
        tag('1', 'sha256:a'),
        manifest('sha256:a', 'manifest'),
        tag('latest', 'sha256:a'),
        manifest('sha256:a', 'target'),
      ],
      PRESETS['full-lock'],
    );
    expect(plan.map((p) => [p.subject.kind, p.subject.tag ?? p.subject.digest, p.subject.role])).toEqual([
      ['manifest', 'sha256:a', 'target'],
      ['tag', '1', 'target'],
      ['tag', 'latest', 'target'],
    ]);
  });

  test('a subject that could not be read plans no write', () => {
    const failed: Subject = {
      ...base,
      kind: 'tag',
      role: 'target',
      tag: 'x',
      error: { kind: 'not-found', message: 'gone' },
    };
    expect(planChanges([failed], PRESETS['full-lock'])[0]?.changes).toEqual({});
  });
});

describe('evaluatePlan (writes nothing)', () => {
  const plan = planChanges(
    [tag('1', 'sha256:a', locked), manifest('sha256:a', 'manifest')],
    PRESETS['full-lock'],
  );

  test('verify reports the unlocked manifest as a mismatch', () => {
    expect(evaluatePlan(plan, 'verify').map((r) => [r.kind, r.status, r.matches])).toEqual([
      ['manifest', 'mismatch', false],
      ['tag', 'unchanged', true],
    ]);
  });

  test('dry-run predicts the after state', () => {
    const [m] = evaluatePlan(plan, 'dry-run');
    expect(m?.status).toBe('would-change');
    expect(m?.after).toEqual(locked);
    expect(m?.before).toEqual(DEFAULT_ATTRIBUTES);
  });
});
