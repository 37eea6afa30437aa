import { describe, expect, test } from '@jest/globals';
import type { ItemResult, RunReport } from '../../src/core/model/result.js';
import { publishReport } from '../../src/core/platform/publish-report.js';
import { summarize } from '../../src/core/report/summarize.js';
import { FakePlatform } from '../helpers/fake-platform.js';

const D = `sha256:${'a'.repeat(64)}`;
const LOCKED = { writeEnabled: false, deleteEnabled: false, readEnabled: true, listEnabled: true };
const OPEN = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };

function item(overrides: Partial<ItemResult>): ItemResult {
  return {
    target: 'app:1',
    ref: 'r.azurecr.io/app:1',
    kind: 'tag',
    role: 'target',
    loginServer: 'r.azurecr.io',
    repository: 'app',
    tag: '1',
    digest: D,
    before: OPEN,
    after: LOCKED,
    status: 'changed',
    matches: true,
    ...overrides,
  };
}

function report(items: ItemResult[]): RunReport {
  return summarize('apply', 'full-lock', { writeEnabled: false, deleteEnabled: false }, ['app:1'], items);
}

describe('publishReport', () => {
  test('a good run: every output, a summary, no failure', async () => {
    const fake = new FakePlatform();
    await publishReport(fake, report([item({})]));
    expect(Object.fromEntries(fake.outputs)).toMatchObject({
      digest: D,
      digests: JSON.stringify({ 'app:1': D }),
      changed: '1',
      locked: 'true',
    });
    expect(fake.errors).toEqual([]);
    const verdict = '✅ full-lock applied — 1 object(s) (1 tag): 1 changed, 0 unchanged.';
    expect(fake.lines).toEqual([verdict]);
    expect(fake.summaries).toHaveLength(1);
    expect(fake.summaries[0]).toContain(
      '| `r.azurecr.io/app:1` | tag | `aaaaaaaaaaaa` | `W+ D+ R+ L+` → `W- D- R+ L+` | changed |',
    );
    expect(fake.summaries[0]).toContain(`**${verdict}**`);
    expect(fake.failure).toBeUndefined();
  });

  test('a failed item: one error annotation naming it, the step failed', async () => {
    const fake = new FakePlatform();
    const failed = item({
      status: 'failed',
      matches: false,
      after: undefined,
      error: { kind: 'disallowed', message: 'refused by a lock' },
    });
    await publishReport(fake, report([failed]));
    expect(fake.errors).toEqual([
      { message: 'refused by a lock', title: 'acr-lock: r.azurecr.io/app:1 failed' },
    ]);
    expect(fake.outputs.get('locked')).toBe('false');
    const verdict = '❌ full-lock not fully applied — 1 object(s) (1 tag): 0 changed, 0 unchanged, 1 failed.';
    expect(fake.failure).toBe(verdict);
    expect(fake.lines).toEqual([verdict]);
    expect(fake.summaries[0]).toContain('| failed: refused by a lock |');
  });
});
