import { toItemError } from '../item-error.js';
import type { ListingRegistry } from './listing-port.js';
import { applyManifestDemands, type ManifestDemand } from './manifest-pass.js';
import { rulesForRepository } from './match-tag.js';
import { planTagPage } from './plan-tag-page.js';
import type { Policy } from './policy.js';
import { PolicyTally, type PolicyCounts, type PolicyRunOptions } from './policy-run.js';
import { selectRepositories } from './select-repositories.js';
import { writeTagDecisions } from './write-tags.js';

/**
 * Applies a policy to every tag it covers, and to their manifests and index children: one listing
 * request per page, writes only for objects that differ (a second sweep writes nothing). One page of
 * tags is held at a time; what is kept across pages is one small entry per manifest to change.
 */
export async function runSweep(
  registry: ListingRegistry,
  policy: Policy,
  options: PolicyRunOptions,
): Promise<PolicyCounts> {
  const tally = new PolicyTally();
  const run: PolicyRunOptions = { ...options, onRow: (row) => (tally.add(row), options.onRow?.(row)) };
  for await (const repository of selectRepositories(policy, registry)) {
    const rules = rulesForRepository(policy, repository);
    const demands = new Map<string, ManifestDemand>();
    try {
      for await (const page of registry.listTagPages(repository, 'name')) {
        const decisions = planTagPage(rules, page, options.nowMs);
        await writeTagDecisions(
          decisions,
          demands,
          ({ tag, changes }) => registry.updateTag(repository, tag.name, changes),
          run,
        );
      }
      await applyManifestDemands(
        registry,
        repository,
        demands,
        registry.listManifestPages(repository, 'name'),
        run,
      );
    } catch (error) {
      run.onRow?.({ kind: 'repository', repository, status: 'failed', error: toItemError(error) });
    }
  }
  return tally.totals;
}
