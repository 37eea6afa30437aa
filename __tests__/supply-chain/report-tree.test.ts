// The report as a tree: pure rendering of item results.
import { describe, expect, test } from '@jest/globals';
import type { ItemResult } from '../../src/core/model/result.js';
import { summarize } from '../../src/core/report/summarize.js';
import { renderText, verdict } from '../../src/core/report/render-report.js';
import { countKinds, describeKinds, treeRows, whatLabel } from '../../src/core/report/report-tree.js';

const LS = 'r.example';
const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const base = { loginServer: LS, repository: 'app', status: 'changed', matches: true } as const;
const tag = (target: string, name: string, extra: Partial<ItemResult> = {}): ItemResult => ({
  ...base,
  target,
  ref: `${LS}/app:${name}`,
  kind: 'tag',
  role: 'target',
  tag: name,
  ...extra,
});
const manifest = (target: string, n: number, extra: Partial<ItemResult>): ItemResult => ({
  ...base,
  target,
  ref: `${LS}/app@${d(n)}`,
  kind: 'manifest',
  role: 'manifest',
  digest: d(n),
  ...extra,
});

// Plan order (manifests first, then tags), as the report receives it.
const items: ItemResult[] = [
  manifest('app:1', 1, { parent: `${LS}/app:1`, via: 'tag' }),
  manifest('app:1', 2, { role: 'child', parent: `${LS}/app@${d(1)}`, via: 'index' }),
  manifest('app:1', 3, {
    role: 'referrer',
    parent: `${LS}/app@${d(2)}`,
    via: 'referrers-api',
    artifactType: 'application/spdx+json',
  }),
  manifest('app:1', 4, {
    role: 'referrer',
    parent: `${LS}/app:sha256-${'1'.repeat(64)}.sig`,
    via: 'cosign-tag',
  }),
  tag('app:1', '1'),
  tag('app:1', `sha256-${'1'.repeat(64)}.sig`, {
    role: 'referrer',
    parent: `${LS}/app@${d(1)}`,
    via: 'cosign-tag',
    artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  }),
  // Reached first from app:1; under app:2 it hangs from the root.
  manifest('app:2', 5, { role: 'referrer', parent: `${LS}/app@${d(9)}`, via: 'referrers-api' }),
  tag('app:2', '2'),
];

describe('treeRows', () => {
  test('depth first, each object under the one it was found from; orphans under their root', () => {
    expect(
      treeRows({ items } as never).map(({ item, depth }) => [
        item.ref.slice(LS.length + 4, LS.length + 13),
        depth,
      ]),
    ).toEqual([
      [':1', 0],
      [`@${d(1).slice(0, 8)}`, 1],
      [`@${d(2).slice(0, 8)}`, 2],
      [`@${d(3).slice(0, 8)}`, 3],
      [':sha256-1', 2],
      [`@${d(4).slice(0, 8)}`, 3],
      [':2', 0],
      [`@${d(5).slice(0, 8)}`, 1],
    ]);
  });

  test('labels say the artifact type and the scheme', () => {
    expect(items.map(whatLabel)).toEqual([
      'manifest (of tag)',
      'manifest (index child)',
      'manifest (application/spdx+json, referrers API)',
      'manifest (cosign tag)',
      'tag',
      'tag (application/vnd.dev.cosign.artifact.sig.v1+json, cosign tag)',
      'manifest (referrers API)',
      'tag',
    ]);
  });
});

test('the verdict counts each kind; the table shortens cosign tag names', () => {
  expect(describeKinds(countKinds(items))).toBe('3 tags, 1 manifest, 1 platform manifest, 3 referrers');
  const report = summarize(
    'apply',
    'full-lock',
    { writeEnabled: false, deleteEnabled: false },
    ['app:1', 'app:2'],
    items,
  );
  expect(verdict(report)).toBe(
    '✅ full-lock applied — 8 object(s) (3 tags, 1 manifest, 1 platform manifest, 3 referrers): 8 changed, 0 unchanged.',
  );
  expect(renderText(report)).toContain(`    :sha256-111111111111….sig  tag (application/vnd.dev.cosign`);
});
