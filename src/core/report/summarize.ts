import type { Action, Mode } from '../model/modes.js';
import type { DesiredAttributes } from '../model/attributes.js';
import type { ItemResult, RunReport, RunSummary } from '../model/result.js';
import { countKinds } from './report-tree.js';

/**
 * Pure: the run report from the item results. `targets` are the user's references in the order given,
 * so `digests` (and the first-image `digest` output) follow the user's order, not the processing order.
 */
export function summarize(
  action: Action,
  mode: Mode,
  desired: DesiredAttributes,
  targets: readonly string[],
  items: readonly ItemResult[],
): RunReport {
  const count = (status: ItemResult['status']) => items.filter((i) => i.status === status).length;
  const summary: RunSummary = {
    total: items.length,
    kinds: countKinds(items),
    changed: count('changed'),
    unchanged: count('unchanged'),
    wouldChange: count('would-change'),
    mismatched: count('mismatch'),
    failed: count('failed'),
    kept: count('kept'),
  };
  const digests: Record<string, string> = {};
  for (const target of targets) {
    const item = items.find((i) => i.target === target && i.role === 'target' && i.kind !== 'repository');
    if (item?.digest) digests[target] = item.digest;
  }
  const locked = items.length > 0 && items.every((i) => i.matches);
  // A kept manifest is the run keeping its promise to the other tags, not a failure.
  const asPromised = items.length > 0 && items.every((i) => i.matches || i.status === 'kept');
  const ok = summary.failed === 0 && (action === 'apply' || action === 'verify' ? asPromised : true);
  return { action, mode, desired, items, summary, digests, locked, ok };
}
