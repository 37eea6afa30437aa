import type { ListingRegistry } from './listing-port.js';
import { repositoryIsCovered } from './match-tag.js';
import type { Policy } from './policy.js';

/** A repository pattern that is a plain name: no glob or regex syntax. */
const PLAIN_NAME = /^[a-z0-9._/-]+$/;

/**
 * The repositories a policy covers. When every rule names its repositories plainly, those names
 * (no catalog read, so a repository-scoped token suffices); otherwise the catalog, filtered.
 */
export async function* selectRepositories(policy: Policy, registry: ListingRegistry): AsyncGenerator<string> {
  const patterns = policy.rules.flatMap((rule) => rule.repositories.map((p) => p.source));
  if (patterns.every((source) => PLAIN_NAME.test(source))) {
    yield* new Set(patterns);
    return;
  }
  for await (const page of registry.listRepositoryPages()) {
    for (const repository of page) if (repositoryIsCovered(policy, repository)) yield repository;
  }
}
