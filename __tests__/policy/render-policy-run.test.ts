import { describe, expect, test } from '@jest/globals';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import type { PolicyRow } from '../../src/core/policy/policy-run.js';
import {
  FirstRows,
  policyRunPassed,
  policyRunVerdict,
  renderMismatch,
  renderPolicyRunMarkdown,
  renderRowLine,
} from '../../src/core/policy/render-policy-run.js';

const counts = { selected: 3, changed: 1, unchanged: 1, wouldChange: 0, kept: 1, failed: 1 };
const changed: PolicyRow = {
  kind: 'tag',
  repository: 'app',
  tag: 'v1',
  digest: 'sha256:1',
  rule: "rule 1 'releases'",
  status: 'changed',
  before: DEFAULT_ATTRIBUTES,
  after: { ...DEFAULT_ATTRIBUTES, writeEnabled: false, deleteEnabled: false },
};
const kept: PolicyRow = { ...changed, tag: 'v0', status: 'kept', note: 'excluded by v0*', after: undefined };

describe('policy run report', () => {
  test('the verdict counts every outcome', () => {
    expect(policyRunVerdict('sweep', counts)).toBe(
      '❌ sweep: 3 selected, 1 changed, 1 unchanged, 1 kept, 1 failed.',
    );
    expect(policyRunVerdict('enforce', { ...counts, failed: 0, wouldChange: 2 })).toBe(
      '✅ enforce: 3 selected, 1 changed, 1 unchanged, 2 would change, 1 kept, 0 failed.',
    );
  });

  test('verify counts mismatches, and fails on one as on a failure', () => {
    const clean = { ...counts, changed: 0, failed: 0 };
    expect(policyRunVerdict('verify', { ...clean, wouldChange: 2 })).toBe(
      '❌ verify: 3 selected, 2 mismatched, 1 unchanged, 1 kept, 0 failed.',
    );
    expect(policyRunPassed('verify', { ...clean, wouldChange: 2 })).toBe(false);
    expect(policyRunPassed('verify', { ...clean, failed: 1 })).toBe(false);
    expect(policyRunPassed('verify', clean)).toBe(true);
    // A dry-run sweep reports what would change; it does not fail on it.
    expect(policyRunPassed('sweep', { ...clean, wouldChange: 2 })).toBe(true);
  });

  test('a verify mismatch names the object, what it is and what its rule wants', () => {
    const mismatch: PolicyRow = {
      ...changed,
      status: 'would-change',
      after: undefined,
      changes: { writeEnabled: false },
    };
    expect(renderMismatch(mismatch)).toBe("app:v1 is W+ D+ R+ L+; rule 1 'releases' wants W- D+ R+ L+");
    expect(renderRowLine(mismatch, 'verify')).toBe(
      "mismatch     tag      app:v1 W+ D+ R+ L+ → W- D+ R+ L+  (rule 1 'releases')",
    );
    expect(
      renderMismatch({
        ...mismatch,
        kind: 'manifest',
        tag: undefined,
        digest: 'sha256:1',
        note: 'app:v1, app:v2',
      }),
    ).toBe("app@sha256:1 is W+ D+ R+ L+; rule 1 'releases' wants W- D+ R+ L+ (through app:v1, app:v2)");
  });

  test('a row line: status, object, before → after, rule and note', () => {
    expect(renderRowLine(changed)).toBe(
      "changed      tag      app:v1 W+ D+ R+ L+ → W- D- R+ L+  (rule 1 'releases')",
    );
    expect(
      renderRowLine({
        ...changed,
        status: 'would-change',
        after: undefined,
        changes: { readEnabled: false },
      }),
    ).toBe("would-change tag      app:v1 W+ D+ R+ L+ → W+ D+ R- L+  (rule 1 'releases')");
  });

  test('the summary shows changes and failures before unchanged and kept rows', () => {
    const first = new FirstRows(2);
    first.add(kept);
    first.add(kept);
    first.add(kept);
    first.add(changed);
    expect(first.rows.map((r) => r.status)).toEqual(['changed', 'kept']);
    const markdown = renderPolicyRunMarkdown('sweep', counts, first.rows);
    expect(markdown).toContain('**❌ sweep: 3 selected');
    expect(markdown).toContain(
      "| `app:v1` | changed | `W+ D+ R+ L+` → `W- D- R+ L+` | rule 1 'releases' |  |",
    );
    expect(markdown).toContain(
      "| `app:v0` | kept | `W+ D+ R+ L+` → `W+ D+ R+ L+` | rule 1 'releases' | excluded by v0* |",
    );
  });
});
