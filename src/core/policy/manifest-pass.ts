import { toItemError } from '../item-error.js';
import { phaseLimit } from '../concurrency/adaptive-concurrency.js';
import type { DesiredAttributes, LockAttributes } from '../model/attributes.js';
import { diffAttributes, hasChanges, matchesDesired } from '../plan/plan-changes.js';
import { tagRef, type ManifestListing } from './listing.js';
import type { ListingRegistry } from './listing-port.js';
import { matchTag, type ApplyVerdict } from './match-tag.js';
import { mergeDesired } from './plan-tag-page.js';
import { describeRule, type PolicyRule } from './policy.js';
import { NOT_APPLIED, type PolicyRow, type PolicyRunOptions } from './policy-run.js';

/**
 * What a manifest should be, the tags (or the index) that asked for it and the rules behind them
 * (`rule 1 'releases'`, comma-separated when several), for the report.
 */
export interface ManifestDemand {
  readonly desired: DesiredAttributes;
  readonly via: string;
  readonly rule: string;
}

/** Two wishes for one manifest merge protectively (mergeDesired). */
function mergeDemands(seen: ManifestDemand, demand: ManifestDemand): ManifestDemand {
  return {
    desired: mergeDesired(seen.desired, demand.desired),
    via: `${seen.via}, ${demand.via}`,
    rule: seen.rule.split(', ').includes(demand.rule) ? seen.rule : `${seen.rule}, ${demand.rule}`,
  };
}

/** Adds one wish for a manifest. */
export function addDemand(
  demands: Map<string, ManifestDemand>,
  digest: string,
  demand: ManifestDemand,
): void {
  const seen = demands.get(digest);
  demands.set(digest, seen ? mergeDemands(seen, demand) : demand);
}

/** What one applying tag asks of its manifest; `rule` is describeRule of its verdict's rule. */
export function tagDemand(
  repository: string,
  tag: string,
  verdict: ApplyVerdict,
  rule: string,
): ManifestDemand {
  return { desired: verdict.desired, via: tagRef(repository, tag), rule };
}

/**
 * What a manifest's own tags ask of it, decided from the names a `_manifests` page lists: only for
 * rules without age filters (a tag's age is in the `_tags` listing alone).
 */
export function demandOfListedTags(
  rules: readonly PolicyRule[],
  manifest: ManifestListing,
  nowMs: number,
): ManifestDemand | undefined {
  let demand: ManifestDemand | undefined;
  // In name order, as the tag pass met them, so the report reads the same either way.
  for (const name of [...manifest.tags].sort()) {
    const verdict = matchTag(rules, { name }, nowMs);
    if (verdict.kind !== 'apply') continue;
    const wish = tagDemand(manifest.repository, name, verdict, describeRule(verdict.rule));
    demand = demand ? mergeDemands(demand, wish) : wish;
  }
  return demand;
}

export interface ManifestPassOptions extends PolicyRunOptions {
  /** Stop the pages at manifests older than this (newest-first listings of an enforce pass). */
  readonly stopBeforeMs?: number;
  /**
   * Decides a listed manifest from the page itself (demandOfListedTags), besides what `demands` holds:
   * then every page is read, and nothing about it is kept from the tag pass.
   */
  readonly decide?: (manifest: ManifestListing) => ManifestDemand | undefined;
}

/**
 * Brings the demanded manifests (and an index's children) to what their tags' rules want, reading
 * their attributes from `_manifests` pages rather than one request each. A manifest the pages did not
 * show (older, hidden, or a child listed before its index) is read on its own. Returns whether every
 * manifest went through.
 */
export async function applyManifestDemands(
  registry: ListingRegistry,
  repository: string,
  demands: Map<string, ManifestDemand>,
  pages: AsyncIterable<readonly ManifestListing[]>,
  given: ManifestPassOptions,
): Promise<boolean> {
  let ok = true;
  const options = {
    ...given,
    onRow: (row: PolicyRow) => {
      if (row.status === 'failed') ok = false;
      return given.onRow?.(row);
    },
  };
  const limit = phaseLimit(options.concurrency);
  const handle = (digest: string, current: LockAttributes, demand: ManifestDemand): Promise<void> =>
    limit(() => writeManifest(registry, repository, digest, current, demand, options));
  const withChildren = (children: readonly string[], demand: ManifestDemand, index: string): void => {
    for (const child of children)
      addDemand(demands, child, { desired: demand.desired, via: `index ${index}`, rule: demand.rule });
  };
  // What a manifest written from a page was asked, should its index come later: the index's wish is
  // then merged with it, so an index in a more open mode never reopens what the child's own tags
  // closed. Kept only when the tag pass decided (the demand moves here from `demands`, so the pass
  // holds no more than before); with `decide`, the child's own tags are read again with it.
  const written = new Map<string, ManifestDemand>();

  pages: for await (const page of pages) {
    const writes: Promise<void>[] = [];
    for (const manifest of page) {
      if (options.stopBeforeMs !== undefined && (manifest.lastUpdatedMs ?? Infinity) < options.stopBeforeMs) {
        await Promise.all(writes);
        break pages;
      }
      const held = demands.get(manifest.digest);
      const own = options.decide?.(manifest);
      const demand = held && own ? mergeDemands(held, own) : (held ?? own);
      if (!demand) continue;
      demands.delete(manifest.digest);
      if (!options.decide) written.set(manifest.digest, demand);
      withChildren(manifest.children, demand, manifest.digest);
      writes.push(handle(manifest.digest, manifest.attributes, demand));
    }
    await Promise.all(writes);
    if (demands.size === 0 && !options.decide) break;
  }

  const read = new Set<string>();
  while (demands.size > 0) {
    const [digest, demand] = demands.entries().next().value as [string, ManifestDemand];
    demands.delete(digest);
    if (read.has(digest)) continue;
    read.add(digest);
    try {
      const manifest = await registry.getManifest(repository, digest);
      const earlier = options.decide
        ? options.decide({ repository, digest, ...manifest })
        : written.get(digest);
      const merged = earlier ? mergeDemands(earlier, demand) : demand;
      withChildren(manifest.children, merged, digest);
      await handle(digest, manifest.attributes, merged);
    } catch (error) {
      await options.onRow?.({
        kind: 'manifest',
        repository,
        digest,
        rule: demand.rule,
        note: demand.via,
        status: 'failed',
        error: toItemError(error),
      });
    }
  }
  return ok;
}

async function writeManifest(
  registry: ListingRegistry,
  repository: string,
  digest: string,
  before: LockAttributes,
  demand: ManifestDemand,
  options: PolicyRunOptions,
): Promise<void> {
  const base = { kind: 'manifest', repository, digest, rule: demand.rule, note: demand.via, before } as const;
  const changes = diffAttributes(before, demand.desired);
  if (!hasChanges(changes)) return options.onRow?.({ ...base, status: 'unchanged', after: before });
  if (options.dryRun) return options.onRow?.({ ...base, status: 'would-change', changes });
  try {
    await options.beforeWrite?.();
    const { attributes } = await registry.updateManifest(repository, digest, changes);
    await options.onRow?.(
      matchesDesired(attributes, demand.desired)
        ? { ...base, status: 'changed', after: attributes, changes }
        : { ...base, status: 'failed', after: attributes, changes, error: NOT_APPLIED },
    );
  } catch (error) {
    await options.onRow?.({ ...base, status: 'failed', changes, error: toItemError(error) });
  }
}
