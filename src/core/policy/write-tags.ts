import { toItemError } from '../item-error.js';
import { phaseLimit } from '../concurrency/adaptive-concurrency.js';
import { hasChanges, matchesDesired } from '../plan/plan-changes.js';
import { tagRef } from './listing.js';
import type { ListingRegistry } from './listing-port.js';
import { addDemand, tagDemand, type ManifestDemand } from './manifest-pass.js';
import { describeRule } from './policy.js';
import type { TagDecision } from './plan-tag-page.js';
import { NOT_APPLIED, type PolicyRow, type PolicyRunOptions } from './policy-run.js';

/**
 * Writes one page's tag decisions (bounded concurrency), reports each tag a rule decided, and records
 * what its manifest should be in `demands` (unless the manifest pass decides from its own pages).
 * Returns whether every tag went through.
 */
export async function writeTagDecisions(
  decisions: readonly TagDecision[],
  demands: Map<string, ManifestDemand> | undefined,
  registry: Pick<ListingRegistry, 'updateTag'>,
  options: PolicyRunOptions,
): Promise<boolean> {
  const limit = phaseLimit(options.concurrency);
  let ok = true;
  const emit = (row: PolicyRow): void | Promise<void> => {
    if (row.status === 'failed') ok = false;
    return options.onRow?.(row);
  };
  await Promise.all(
    decisions.map(({ tag, verdict, changes }) => {
      if (verdict.kind === 'unmatched') return undefined;
      const rule = describeRule(verdict.rule);
      const base = {
        kind: 'tag',
        repository: tag.repository,
        tag: tag.name,
        digest: tag.digest,
        rule,
        before: tag.attributes,
      } as const;
      if (verdict.kind !== 'apply') {
        const note = verdict.kind === 'ignored' ? 'ignored' : `${verdict.kind} by ${verdict.pattern}`;
        return emit({ ...base, status: 'kept', note });
      }
      if (demands) addDemand(demands, tag.digest, tagDemand(tag.repository, tag.name, verdict, rule));
      if (!hasChanges(changes)) return emit({ ...base, status: 'unchanged', after: tag.attributes });
      if (options.dryRun) return emit({ ...base, status: 'would-change', changes });
      return limit(async () => {
        try {
          await options.beforeWrite?.();
          const after = await registry.updateTag(tag.repository, tag.name, changes);
          if (after.digest !== tag.digest) {
            const message = `${tagRef(tag.repository, tag.name)} moved from ${tag.digest} to ${after.digest} while it was being changed`;
            await emit({
              ...base,
              status: 'failed',
              after: after.attributes,
              changes,
              error: { kind: 'moved', message },
            });
          } else if (!matchesDesired(after.attributes, verdict.desired)) {
            await emit({ ...base, status: 'failed', changes, error: NOT_APPLIED });
          } else await emit({ ...base, status: 'changed', after: after.attributes, changes });
        } catch (error) {
          await emit({ ...base, status: 'failed', changes, error: toItemError(error) });
        }
      });
    }),
  );
  return ok;
}
