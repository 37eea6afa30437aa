import { describe, expect, test } from '@jest/globals';
import { RegistryError } from '../../src/core/errors.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { PolicyRow } from '../../src/core/policy/policy-run.js';
import { runSweep } from '../../src/core/policy/run-sweep.js';
import { MemoryListingRegistry } from './memory-listing-registry.js';
import { digestOf } from './policy-fixtures.js';

const NOW = 10_000_000_000;
const LOCKED = { writeEnabled: false, deleteEnabled: false, readEnabled: true, listEnabled: true };
const OPEN = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };

const policy = parsePolicy(
  [
    'rules:',
    "  - { name: releases, repositories: app, tags: 'v*', exclude: 'v0*', mode: full-lock }",
    "  - { name: debug, repositories: app, tags: 'debug-*', mode: quarantine }",
  ].join('\n'),
);

function seeded(): MemoryListingRegistry {
  return new MemoryListingRegistry(3)
    .push('app', 'v1', digestOf('one'))
    .push('app', 'v2', digestOf('index'), { children: [digestOf('amd64'), digestOf('arm64')] })
    .push('app', 'v0.1', digestOf('zero'))
    .push('app', 'latest', digestOf('index'))
    .push('app', 'dev', digestOf('dev'))
    .push('app', 'v1-patched', digestOf('patched'));
}

async function sweep(registry: MemoryListingRegistry, options: { dryRun?: boolean } = {}) {
  const rows: PolicyRow[] = [];
  const counts = await runSweep(registry, policy, {
    concurrency: 4,
    nowMs: NOW,
    onRow: (r) => void rows.push(r),
    ...options,
  });
  return { counts, rows };
}

describe('runSweep', () => {
  test('locks what the rules select, tag and manifest and index children; keeps exclusions and exemptions', async () => {
    const registry = seeded();
    const { counts, rows } = await sweep(registry);
    expect(registry.tag('app', 'v1').attributes).toEqual(LOCKED);
    expect(registry.tag('app', 'v2').attributes).toEqual(LOCKED);
    expect(registry.manifest('app', digestOf('one')).attributes).toEqual(LOCKED);
    expect(registry.manifest('app', digestOf('index')).attributes).toEqual(LOCKED);
    expect(registry.manifest('app', digestOf('amd64')).attributes).toEqual(LOCKED);
    expect(registry.manifest('app', digestOf('arm64')).attributes).toEqual(LOCKED);
    for (const kept of ['v0.1', 'v1-patched', 'latest', 'dev'])
      expect(registry.tag('app', kept).attributes).toEqual(OPEN);
    expect(registry.manifest('app', digestOf('zero')).attributes).toEqual(OPEN);
    expect(counts).toEqual({ selected: 6, changed: 6, unchanged: 0, wouldChange: 0, kept: 2, failed: 0 });
    expect(rows.filter((r) => r.status === 'kept').map((r) => [r.tag, r.note])).toEqual([
      ['v0.1', 'excluded by v0*'],
      ['v1-patched', 'exempt by *-patched'],
    ]);
    expect(registry.writes).toBe(6);
  });

  test('a second sweep over an unchanged registry writes nothing', async () => {
    const registry = seeded();
    await sweep(registry);
    const writes = registry.writes;
    const { counts } = await sweep(registry);
    expect(registry.writes).toBe(writes);
    expect(counts).toMatchObject({ selected: 6, changed: 0, unchanged: 6, failed: 0 });
  });

  test('dry run: would-change, nothing written', async () => {
    const registry = seeded();
    const { counts } = await sweep(registry, { dryRun: true });
    expect(registry.writes).toBe(0);
    expect(registry.tag('app', 'v1').attributes).toEqual(OPEN);
    expect(counts).toMatchObject({ wouldChange: 6, changed: 0 });
  });

  test('a manifest row names the rules of the tags behind it, and its index children inherit them', async () => {
    const registry = seeded().push('app', 'debug-1', digestOf('one'));
    const { rows } = await sweep(registry, { dryRun: true });
    const manifests = rows.filter((r) => r.kind === 'manifest').map((r) => [r.digest, r.rule, r.note]);
    expect(manifests).toEqual(
      expect.arrayContaining([
        [digestOf('one'), "rule 2 'debug', rule 1 'releases'", 'app:debug-1, app:v1'],
        [digestOf('amd64'), "rule 1 'releases'", `index ${digestOf('index')}`],
      ]),
    );
  });

  test('without age filters a manifest is decided from its own page: the tag pass need not have seen its tag', async () => {
    // v9 is hidden from the _tags listing (list disabled); the _manifests page still names it.
    const registry = seeded().push('app', 'v9', digestOf('nine'));
    registry.tag('app', 'v9').attributes = { ...OPEN, listEnabled: false };
    const { rows } = await sweep(registry);
    expect(registry.manifest('app', digestOf('nine')).attributes).toEqual(LOCKED);
    expect(registry.tag('app', 'v9').attributes).toEqual({ ...OPEN, listEnabled: false });
    expect(rows.find((r) => r.digest === digestOf('nine') && r.kind === 'manifest')).toMatchObject({
      status: 'changed',
      rule: "rule 1 'releases'",
      note: 'app:v9',
    });
  });

  test('with an age filter a manifest follows the tags the tag pass judged by their time', async () => {
    const registry = new MemoryListingRegistry(3)
      .push('app', 'v1', digestOf('old'), { atMs: NOW - 3 * 86_400_000 })
      .push('app', 'v2', digestOf('new'), { atMs: NOW - 3_600_000 });
    await runSweep(registry, parsePolicy('rules: [{ repositories: app, olderThan: 2d, mode: full-lock }]'), {
      concurrency: 2,
      nowMs: NOW,
    });
    expect(registry.manifest('app', digestOf('old')).attributes).toEqual(LOCKED);
    expect(registry.manifest('app', digestOf('new')).attributes).toEqual(OPEN);
    expect(registry.tag('app', 'v2').attributes).toEqual(OPEN);
  });

  test.each([
    ['decided by name', ''],
    ['decided by the tag pass (age filters)', ', olderThan: 1d'],
  ])(
    'a child listed before its index, the index in a more open mode: the child keeps what its own tag closed (%s)',
    async (_, age) => {
      // The child's digest sorts before its index's, so the pages show it first.
      const child = digestOf('a');
      const index = digestOf('z');
      const longAgo = NOW - 3 * 86_400_000;
      const registry = new MemoryListingRegistry(1)
        .push('app', 'dev-1', index, { children: [child], atMs: longAgo })
        .push('app', 'v1', child, { atMs: longAgo });
      const rules = parsePolicy(
        [
          'rules:',
          `  - { name: releases, repositories: app, tags: 'v*', mode: lock${age} }`,
          `  - { name: dev, repositories: app, tags: 'dev-*', mode: unlock${age} }`,
        ].join('\n'),
      );
      await runSweep(registry, rules, { concurrency: 2, nowMs: NOW });
      expect(registry.manifest('app', child).attributes).toEqual({
        ...OPEN,
        writeEnabled: false,
        deleteEnabled: false,
      });
      expect(registry.manifest('app', index).attributes).toEqual(OPEN);
    },
  );

  test('reads one request per listing page; a plain repository name needs no catalog', async () => {
    const registry = new MemoryListingRegistry(3);
    for (let i = 1; i <= 20; i += 1) registry.push('app', `v${i}`, digestOf(`m${i}`));
    await sweep(registry);
    // 20 tags and 20 manifests in pages of 3: 7 + 7 pages, nothing read one by one.
    expect(registry.readLog).toEqual([...Array(7).fill('tags name'), ...Array(7).fill('manifests name')]);
    expect(registry.writes).toBe(40);
  });

  test('a glob over repositories reads the catalog and sweeps only the repositories it covers', async () => {
    const registry = seeded().push('apps/a', 'v1', digestOf('a')).push('other', 'v1', digestOf('o'));
    const rows: PolicyRow[] = [];
    await runSweep(registry, parsePolicy("rules: [{ repositories: 'apps/**', mode: lock }]"), {
      concurrency: 2,
      nowMs: NOW,
      onRow: (r) => void rows.push(r),
    });
    expect(registry.readLog[0]).toBe('catalog');
    expect(new Set(rows.map((r) => r.repository))).toEqual(new Set(['apps/a']));
    expect(registry.tag('other', 'v1').attributes).toEqual(OPEN);
  });

  test('two rules on one manifest: the protective value wins', async () => {
    const registry = new MemoryListingRegistry()
      .push('app', 'keep', digestOf('shared'))
      .push('app', 'open', digestOf('shared'));
    await runSweep(
      registry,
      parsePolicy(
        'rules:\n  - { repositories: app, tags: open, mode: unlock }\n  - { repositories: app, mode: lock }',
      ),
      { concurrency: 1, nowMs: NOW },
    );
    expect(registry.manifest('app', digestOf('shared')).attributes).toEqual(LOCKED);
    expect(registry.tag('app', 'open').attributes).toEqual(OPEN);
  });

  test('a child manifest listed before its index is read on its own and locked', async () => {
    // digestOf('0…') sorts before digestOf('z…'): the child comes first in the name-ordered listing.
    const registry = new MemoryListingRegistry(1).push('app', 'v1', digestOf('z-index'), {
      children: [digestOf('0-child')],
    });
    await sweep(registry);
    expect(registry.manifest('app', digestOf('0-child')).attributes).toEqual(LOCKED);
    expect(registry.readLog.filter((r) => r === 'manifest')).toHaveLength(1);
  });

  test('a refused write fails that object only, with the registry error kind', async () => {
    const registry = seeded();
    const refuse = new RegistryError('disallowed', 'The operation is disallowed');
    registry.updateTag = async (repository, tag, changes) => {
      if (tag === 'v1') throw refuse;
      return MemoryListingRegistry.prototype.updateTag.call(registry, repository, tag, changes);
    };
    const { counts, rows } = await sweep(registry);
    expect(counts.failed).toBe(1);
    expect(rows.find((r) => r.status === 'failed')).toMatchObject({
      tag: 'v1',
      error: { kind: 'disallowed', message: 'The operation is disallowed' },
    });
    expect(registry.tag('app', 'v2').attributes).toEqual(LOCKED);
  });

  test('a write the registry answers with other attributes fails that object as not-applied', async () => {
    const registry = seeded();
    // A registry that acknowledges the write of v1 and its manifest but does not apply it.
    registry.updateTag = async (repository, tag, changes) =>
      tag === 'v1'
        ? { attributes: OPEN, digest: registry.tag(repository, tag).digest }
        : MemoryListingRegistry.prototype.updateTag.call(registry, repository, tag, changes);
    registry.updateManifest = async (repository, digest, changes) =>
      digest === digestOf('one')
        ? { attributes: OPEN }
        : MemoryListingRegistry.prototype.updateManifest.call(registry, repository, digest, changes);
    const { counts, rows } = await sweep(registry);
    const notApplied = {
      kind: 'not-applied',
      message: 'the registry accepted the change but reports other attributes',
    };
    expect(
      rows.filter((r) => r.status === 'failed').map((r) => [r.kind, r.tag ?? r.digest, r.error]),
    ).toEqual([
      ['tag', 'v1', notApplied],
      ['manifest', digestOf('one'), notApplied],
    ]);
    expect(counts.failed).toBe(2);
    expect(registry.manifest('app', digestOf('index')).attributes).toEqual(LOCKED);
  });

  test('a repository that cannot be listed is one failed row, and the sweep goes on', async () => {
    const registry = seeded().push('web', 'v1', digestOf('w'));
    const original = registry.listTagPages.bind(registry);
    registry.listTagPages = (repository, order) => {
      if (repository === 'app') throw new RegistryError('forbidden', 'denied');
      return original(repository, order);
    };
    const rows: PolicyRow[] = [];
    const counts = await runSweep(
      registry,
      parsePolicy('rules: [{ repositories: [app, web], mode: lock }]'),
      {
        concurrency: 1,
        nowMs: NOW,
        onRow: (r) => void rows.push(r),
      },
    );
    expect(rows[0]).toMatchObject({
      kind: 'repository',
      repository: 'app',
      status: 'failed',
      error: { kind: 'forbidden' },
    });
    expect(registry.tag('web', 'v1').attributes).toEqual(LOCKED);
    expect(counts.failed).toBe(1);
  });
});
