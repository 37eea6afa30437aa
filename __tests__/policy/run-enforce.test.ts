import { describe, expect, test } from '@jest/globals';
import { RegistryError } from '../../src/core/errors.js';
import type { Checkpoint } from '../../src/core/policy/checkpoint.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import type { Policy } from '../../src/core/policy/policy.js';
import type { PolicyRow } from '../../src/core/policy/policy-run.js';
import { runEnforce } from '../../src/core/policy/run-enforce.js';
import { MemoryListingRegistry } from './memory-listing-registry.js';
import { digestOf } from './policy-fixtures.js';

const HOUR = 3_600_000;
const LOCKED = { writeEnabled: false, deleteEnabled: false, readEnabled: true, listEnabled: true };
const OPEN = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };
const lockAll = parsePolicy('rules: [{ repositories: app, mode: lock }]');

async function pass(registry: MemoryListingRegistry, policy: Policy, nowMs: number, checkpoint?: Checkpoint) {
  const rows: PolicyRow[] = [];
  const result = await runEnforce(registry, policy, {
    concurrency: 4,
    nowMs,
    loginServer: 'myreg.azurecr.io',
    policyDigest: 'p1',
    onRow: (r) => void rows.push(r),
    ...(checkpoint ? { checkpoint } : {}),
  });
  return { ...result, rows };
}

function registryWith(count: number): MemoryListingRegistry {
  const registry = new MemoryListingRegistry(10);
  for (let i = 0; i < count; i += 1) registry.push('app', `t${i}`, digestOf(`m${i}`));
  return registry;
}

describe('runEnforce', () => {
  test('the first pass without a checkpoint is a full sweep and leaves a checkpoint', async () => {
    const registry = registryWith(25);
    const first = await pass(registry, lockAll, 2_000_000_000);
    expect(first.counts).toMatchObject({ changed: 50, failed: 0 });
    expect(first.tagsRead).toBe(25);
    expect(first.checkpoint.repositories.app).toEqual({
      newestMs: registry.tag('app', 't24').lastUpdatedMs,
      namesAtNewest: ['t24'],
    });
  });

  test('the next pass reads only the new tags: its cost follows the pushes, not the repository', async () => {
    const registry = registryWith(95);
    const { checkpoint } = await pass(registry, lockAll, 2_000_000_000);
    for (let i = 0; i < 5; i += 1) registry.push('app', `new${i}`, digestOf(`n${i}`));
    registry.readLog.length = 0;
    const writes = registry.writes;
    const next = await pass(registry, lockAll, 2_000_000_000, checkpoint);
    expect(next.tagsRead).toBe(5);
    expect(registry.writes - writes).toBe(10);
    // One page of tags (10 a page) and one of manifests, both newest first, then the marks stop them.
    expect(registry.readLog).toEqual(['tags newest-first', 'manifests newest-first']);
    for (let i = 0; i < 5; i += 1) expect(registry.tag('app', `new${i}`).attributes).toEqual(LOCKED);
    expect(next.checkpoint.repositories.app?.namesAtNewest).toEqual(['new4']);
  });

  test('a retag of an old image: the new tag is found, its older manifest read on its own', async () => {
    const registry = registryWith(30);
    const { checkpoint } = await pass(
      registry,
      parsePolicy("rules: [{ repositories: app, tags: 'v*', mode: lock }]"),
      2_000_000_000,
    );
    registry.push('app', 'v9', digestOf('m3'));
    registry.readLog.length = 0;
    await pass(
      registry,
      parsePolicy("rules: [{ repositories: app, tags: 'v*', mode: lock }]"),
      2_000_000_000,
      checkpoint,
    );
    expect(registry.manifest('app', digestOf('m3')).attributes).toEqual(LOCKED);
    expect(registry.readLog).toContain('manifest');
  });

  test('a checkpoint of another policy or registry: a full pass, and why', async () => {
    const registry = registryWith(12);
    const { checkpoint } = await pass(registry, lockAll, 2_000_000_000);
    const other = await pass(registry, lockAll, 2_000_000_000, { ...checkpoint, policyDigest: 'p0' });
    expect(other.fullPassReason).toBe('the policy has changed since it was made');
    expect(other.tagsRead).toBe(12);
  });

  test('a tag too young for olderThan is not passed by the mark: a later pass locks it', async () => {
    const registry = registryWith(3);
    const aged = parsePolicy('rules: [{ repositories: app, olderThan: 2h, mode: lock }]');
    const pushedAt = registry.tag('app', 't2').lastUpdatedMs;
    const early = await pass(registry, aged, pushedAt + HOUR);
    expect(registry.tag('app', 't2').attributes).toEqual(OPEN);
    expect(early.checkpoint.repositories.app).toBeUndefined();
    const later = await pass(registry, aged, pushedAt + 3 * HOUR, early.checkpoint);
    expect(later.tagsRead).toBe(3);
    expect(registry.tag('app', 't2').attributes).toEqual(LOCKED);
    expect(later.checkpoint.repositories.app?.namesAtNewest).toEqual(['t2']);
  });

  test('a failed write keeps the mark where it was, so the next pass tries again', async () => {
    const registry = registryWith(4);
    const { checkpoint } = await pass(registry, lockAll, 2_000_000_000);
    registry.push('app', 'new', digestOf('new'));
    const write = registry.updateTag.bind(registry);
    registry.updateTag = async () => {
      throw new RegistryError('throttled', 'throttled');
    };
    const failed = await pass(registry, lockAll, 2_000_000_000, checkpoint);
    expect(failed.counts.failed).toBe(1);
    expect(failed.checkpoint.repositories.app).toEqual(checkpoint.repositories.app);
    registry.updateTag = write;
    const retried = await pass(registry, lockAll, 2_000_000_000, failed.checkpoint);
    expect(retried.tagsRead).toBe(1);
    expect(registry.tag('app', 'new').attributes).toEqual(LOCKED);
  });

  test('a failed manifest write keeps the mark too: the next pass reads the tag again and locks its manifest', async () => {
    const registry = registryWith(4);
    const { checkpoint } = await pass(registry, lockAll, 2_000_000_000);
    registry.push('app', 'new', digestOf('new'));
    const write = registry.updateManifest.bind(registry);
    registry.updateManifest = async () => {
      throw new RegistryError('throttled', 'throttled');
    };
    const failed = await pass(registry, lockAll, 2_000_000_000, checkpoint);
    expect(failed.rows.filter((r) => r.status === 'failed').map((r) => [r.kind, r.digest])).toEqual([
      ['manifest', digestOf('new')],
    ]);
    expect(failed.checkpoint.repositories.app).toEqual(checkpoint.repositories.app);
    registry.updateManifest = write;
    const retried = await pass(registry, lockAll, 2_000_000_000, failed.checkpoint);
    expect(retried.tagsRead).toBe(1);
    expect(registry.manifest('app', digestOf('new')).attributes).toEqual(LOCKED);
  });

  test("without age filters the registry's clock may run ahead of ours: the mark still moves", async () => {
    const registry = registryWith(3);
    const behind = registry.tag('app', 't0').lastUpdatedMs - HOUR;
    const first = await pass(registry, lockAll, behind);
    expect(first.checkpoint.repositories.app?.namesAtNewest).toEqual(['t2']);
    registry.readLog.length = 0;
    const next = await pass(registry, lockAll, behind, first.checkpoint);
    expect(next.tagsRead).toBe(0);
  });
});
