import { toItemError } from '../item-error.js';
import type { LockAttributes } from '../model/attributes.js';
import { auditRepository, type Finding } from './audit-findings.js';
import { manifestRef, tagRef } from './listing.js';
import type { ListingRegistry } from './listing-port.js';
import type { Policy } from './policy.js';
import { RepositoryIndex } from './repository-index.js';
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

/** An object and the findings about it (those whose `object` is its reference). */
export interface AuditedObject {
  readonly object: AuditObject;
  readonly findings: readonly Finding[];
}

export interface AuditFailure {
  readonly repository: string;
  readonly kind: string;
  readonly message: string;
}

/** Everything an audit reports but its objects: their number, the findings, the repositories not read. */
export interface AuditSummary {
  readonly repositories: number;
  readonly objects: number;
  readonly findings: readonly Finding[];
  readonly failures: readonly AuditFailure[];
}

export interface AuditOptions {
  /** Judge drift against the policy's modes (a policy file, or inputs that name a mode). */
  readonly drift: boolean;
  readonly nowMs: number;
}

/** An audit under way: its objects come a repository at a time, its summary once they are through. */
export interface AuditRun {
  /** The repositories the policy selects (all known before the first is read). */
  readonly repositories: number;
  /**
   * Each repository's objects in report order (the repository, its tags, its manifests), only one
   * repository held at a time; each can be walked more than once (a table measures its columns first).
   * A repository that cannot be read gives none and is a failure in the summary.
   */
  objectsByRepository(): AsyncGenerator<Iterable<AuditedObject>>;
  /** Complete once objectsByRepository is through. */
  summary(): AuditSummary;
}

/**
 * Reads every tag and manifest of the repositories the policy covers (one request per listing page,
 * plus the repository's own attributes) and hands them out with their findings. Findings
 * cross-reference tags and manifests, so one repository's listings are held at a time, compactly
 * (RepositoryIndex); the objects are made again as they are handed out, for the caller to write as
 * they come rather than keep.
 */
export async function startAudit(
  registry: ListingRegistry,
  policy: Policy,
  options: AuditOptions,
): Promise<AuditRun> {
  const selected: string[] = [];
  for await (const repository of selectRepositories(policy, registry)) selected.push(repository);
  const findings: Finding[] = [];
  const failures: AuditFailure[] = [];
  let objects = 0;
  return {
    repositories: selected.length,
    async *objectsByRepository() {
      for (const repository of selected) {
        let attributes: LockAttributes;
        let index: RepositoryIndex;
        let found: Finding[];
        try {
          const read = await registry.getRepository(repository);
          attributes = read.attributes;
          index = new RepositoryIndex(repository, attributes, read.counts);
          for await (const page of registry.listTagPages(repository, 'name')) index.addTags(page);
          for await (const page of registry.listManifestPages(repository, 'name')) index.addManifests(page);
          found = auditRepository(index, options.drift ? { policy, nowMs: options.nowMs } : undefined);
        } catch (error) {
          failures.push({ repository, ...toItemError(error) });
          continue;
        }
        findings.push(...found);
        objects += 1 + index.tagCount + index.manifestCount;
        yield auditedObjects(index, attributes, found);
      }
    },
    summary: () => ({ repositories: selected.length, objects, findings, failures }),
  };
}

/** A repository's objects, made from its index on each walk, each with the findings about it. */
function auditedObjects(
  index: RepositoryIndex,
  attributes: LockAttributes,
  findings: readonly Finding[],
): Iterable<AuditedObject> {
  const about = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = about.get(finding.object);
    if (list) list.push(finding);
    else about.set(finding.object, [finding]);
  }
  const none: readonly Finding[] = [];
  const { repository } = index;
  return {
    *[Symbol.iterator]() {
      yield {
        object: { kind: 'repository', repository, attributes },
        findings: about.get(repository) ?? none,
      };
      for (let t = 0; t < index.tagCount; t += 1) {
        const tag = index.tag(t);
        yield {
          object: { kind: 'tag', repository, tag: tag.name, digest: tag.digest, attributes: tag.attributes },
          findings: about.get(tagRef(repository, tag.name)) ?? none,
        };
      }
      for (let m = 0; m < index.manifestCount; m += 1) {
        const manifest = index.manifest(m);
        yield {
          object: {
            kind: 'manifest',
            repository,
            digest: manifest.digest,
            attributes: manifest.attributes,
            tags: manifest.tags,
          },
          findings: about.get(manifestRef(repository, manifest.digest)) ?? none,
        };
      }
    },
  };
}
