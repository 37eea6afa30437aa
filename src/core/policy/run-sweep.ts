import type { ListingRegistry } from './listing-port.js';
import { applyManifestDemands, demandOfListedTags, type ManifestDemand } from './manifest-pass.js';
import { ageHorizonMs } from './match-tag.js';
import { planTagPage } from './plan-tag-page.js';
import type { Policy } from './policy.js';
import { eachRepository, type PolicyCounts, type PolicyRunOptions } from './policy-run.js';
import { writeTagDecisions } from './write-tags.js';

/**
 * Applies a policy to every tag it covers, and to their manifests and index children: one listing
 * request per page, writes only for objects that differ (a second sweep writes nothing). One page is
 * held at a time. Without age filters a manifest is decided from the tag names its own `_manifests`
 * page lists, so nothing is kept across pages but an index's children not yet listed; an age filter
 * needs each tag's time, which only `_tags` gives, so then the tag pass keeps one small entry per
 * manifest to change.
 */
export function runSweep(
  registry: ListingRegistry,
  policy: Policy,
  options: PolicyRunOptions,
): Promise<PolicyCounts> {
  return eachRepository(registry, policy, options, async (repository, rules, run) => {
    const byName = ageHorizonMs(rules) === 0;
    const demands = new Map<string, ManifestDemand>();
    for await (const page of registry.listTagPages(repository, 'name')) {
      const decisions = planTagPage(rules, page, options.nowMs);
      await writeTagDecisions(decisions, byName ? undefined : demands, registry, run);
    }
    await applyManifestDemands(
      registry,
      repository,
      demands,
      registry.listManifestPages(repository, 'name'),
      byName ? { ...run, decide: (manifest) => demandOfListedTags(rules, manifest, options.nowMs) } : run,
    );
  });
}
