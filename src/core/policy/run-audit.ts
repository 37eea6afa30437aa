import { toItemError } from '../item-error.js';
import type { LockAttributes } from '../model/attributes.js';
import { auditRepository, type Finding } from './audit-findings.js';
import type { ManifestListing, TagListing } from './listing.js';
import type { ListingRegistry } from './listing-port.js';
import type { Policy } from './policy.js';
import { selectRepositories } from './select-repositories.js';

/** One object an audit lists, with its attributes. */
export interface AuditObject {
  readonly kind: 'repository' | 'tag' | 'manifest';
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly attributes: LockAttributes;
  /** A manifest's tags, as the listing gives them. */
  readonly tags?: readonly string[];
}

export interface AuditReport {
  readonly repositories: number;
  readonly objects: readonly AuditObject[];
  readonly findings: readonly Finding[];
  readonly failures: ReadonlyArray<{
    readonly repository: string;
    readonly kind: string;
    readonly message: string;
  }>;
}

export interface AuditOptions {
  /** Judge drift against the policy's modes (a policy file, or inputs that name a mode). */
  readonly drift: boolean;
  readonly nowMs: number;
}

/**
 * Reads every tag and manifest of the repositories the policy covers (one request per listing page,
 * plus the repository's own attributes) and reports them with their findings. Findings cross-reference
 * tags and manifests, so one repository's listings are held at a time.
 */
export async function runAudit(
  registry: ListingRegistry,
  policy: Policy,
  options: AuditOptions,
): Promise<AuditReport> {
  const objects: AuditObject[] = [];
  const findings: Finding[] = [];
  const failures: AuditReport['failures'][number][] = [];
  let repositories = 0;
  for await (const repository of selectRepositories(policy, registry)) {
    repositories += 1;
    try {
      const { attributes } = await registry.getRepository(repository);
      const tags: TagListing[] = [];
      for await (const page of registry.listTagPages(repository, 'name')) tags.push(...page);
      const manifests: ManifestListing[] = [];
      for await (const page of registry.listManifestPages(repository, 'name')) manifests.push(...page);
      objects.push({ kind: 'repository', repository, attributes });
      for (const tag of tags) {
        objects.push({
          kind: 'tag',
          repository,
          tag: tag.name,
          digest: tag.digest,
          attributes: tag.attributes,
        });
      }
      for (const m of manifests) {
        objects.push({
          kind: 'manifest',
          repository,
          digest: m.digest,
          attributes: m.attributes,
          tags: m.tags,
        });
      }
      findings.push(
        ...auditRepository(
          { repository, attributes, tags, manifests },
          options.drift ? { policy, nowMs: options.nowMs } : undefined,
        ),
      );
    } catch (error) {
      failures.push({ repository, ...toItemError(error) });
    }
  }
  return { repositories, objects, findings, failures };
}
