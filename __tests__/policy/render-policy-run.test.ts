import { describe, expect, test } from '@jest/globals';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import type { PolicyRow } from '../../src/core/policy/policy-run.js';
import {
  FirstRows,
  policyRunVerdict,
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
