import type { ListingRegistry } from './listing-port.js';
import { applyManifestDemands, type ManifestDemand } from './manifest-pass.js';
import { planTagPage } from './plan-tag-page.js';
import type { Policy } from './policy.js';
import { eachRepository, type PolicyCounts, type PolicyRunOptions } from './policy-run.js';
import { writeTagDecisions } from './write-tags.js';

/**
 * Applies a policy to every tag it covers, and to their manifests and index children: one listing
 * request per page, writes only for objects that differ (a second sweep writes nothing). One page of
 * tags is held at a time; what is kept across pages is one small entry per manifest to change.
 */
export function runSweep(
  registry: ListingRegistry,
  policy: Policy,
  options: PolicyRunOptions,
): Promise<PolicyCounts> {
  return eachRepository(registry, policy, options, async (repository, rules, run) => {
    const demands = new Map<string, ManifestDemand>();
    for await (const page of registry.listTagPages(repository, 'name')) {
      const decisions = planTagPage(rules, page, options.nowMs);
      await writeTagDecisions(decisions, demands, registry, run);
    }
    await applyManifestDemands(
      registry,
      repository,
      demands,
      registry.listManifestPages(repository, 'name'),
      run,
    );
  });
}
