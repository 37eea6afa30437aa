import pLimit from 'p-limit';
import type { TargetSpec } from '../model/targets.js';
import type { ItemRole } from '../model/result.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { Subject } from '../model/subjects.js';
import { toItemError } from '../item-error.js';

export interface ResolveOptions {
  /** Follow a tag to its manifest, and an index to its children. */
  readonly lockManifest: boolean;
  /** Also follow the manifest to the artifacts that refer to it (signatures, SBOMs). */
  readonly includeReferrers: boolean;
  readonly concurrency: number;
  /**
   * The run loosens write or delete: a manifest that other, protected tags point at is kept (with its
   * children and referrers) rather than unlocked under them. Off with force-unlock-shared.
   */
  readonly keepShared?: boolean;
  /** Called as each target is read, with what it reached. */
  readonly onTarget?: (subjects: readonly Subject[]) => void;
}

interface ResolveContext extends ResolveOptions {
  /** `repository:tag` of every tag the run itself names: those are not "other" tags. */
  readonly namedTags: ReadonlySet<string>;
}

type Base = Pick<Subject, 'target' | 'loginServer' | 'repository'>;

/**
 * Reads the current state of everything the targets reach: the tag, the manifest it points to, an
 * index's child manifests and, when asked, the manifest's referrers; or the repository. Reads only; an
 * object that cannot be read becomes a subject carrying its error, so the rest of the run goes on and
 * the report names it.
 */
export async function resolveTargets(
  targets: readonly TargetSpec[],
  clientFor: (loginServer: string) => RegistryClient,
  options: ResolveOptions,
): Promise<Subject[]> {
  const limit = pLimit(options.concurrency);
  const namedTags = new Set(
    targets.flatMap((t) => (t.kind === 'tag' ? [`${t.loginServer}/${t.repository}:${t.tag}`] : [])),
  );
  const context: ResolveContext = { ...options, namedTags };
  const perTarget = await Promise.all(
    targets.map((target) =>
      limit(async () => {
        const subjects = await resolveTarget(target, clientFor(target.loginServer), context);
        options.onTarget?.(subjects);
        return subjects;
      }),
    ),
  );
  return perTarget.flat();
}

async function resolveTarget(
  target: TargetSpec,
  client: RegistryClient,
  options: ResolveContext,
): Promise<Subject[]> {
  const base: Base = { target: target.ref, loginServer: target.loginServer, repository: target.repository };
  switch (target.kind) {
    case 'repository':
      try {
        const repo = await client.getRepository(target.repository);
        return [{ ...base, kind: 'repository', role: 'target', current: repo.attributes }];
      } catch (error) {
        return [{ ...base, kind: 'repository', role: 'target', error: toItemError(error) }];
      }
    case 'digest':
      return resolveManifest(client, base, target.digest, 'target', options);
    case 'tag': {
      let tag;
      try {
        tag = await client.getTag(target.repository, target.tag);
      } catch (error) {
        return [{ ...base, kind: 'tag', role: 'target', tag: target.tag, error: toItemError(error) }];
      }
      const subject: Subject = {
        ...base,
        kind: 'tag',
        role: 'target',
        tag: target.tag,
        digest: tag.digest,
        current: tag.attributes,
      };
      if (target.expectedDigest && target.expectedDigest !== tag.digest) {
        const message = `${target.ref}: the tag points at ${tag.digest}, not ${target.expectedDigest}; nothing was changed for it.`;
        return [{ ...subject, error: { kind: 'digest-mismatch', message } }];
      }
      if (!options.lockManifest) return [subject];
      return [subject, ...(await resolveManifest(client, base, tag.digest, 'manifest', options))];
    }
  }
}

async function resolveManifest(
  client: RegistryClient,
  base: Base,
  digest: string,
  role: 'target' | 'manifest',
  options: ResolveContext,
): Promise<Subject[]> {
  const { subject: read, children, tags } = await readManifest(client, base, digest, role);
  const keptBy = options.keepShared && !read.error ? await protectingTags(client, base, tags, options) : [];
  const kept = keptBy.length > 0 ? { keptBy } : {};
  const subject: Subject = { ...read, ...kept };
  const subjects: Subject[] = [subject];
  if (!options.lockManifest || subject.error) return subjects;
  for (const child of children)
    subjects.push({ ...(await readManifest(client, base, child, 'child')).subject, ...kept });
  if (options.includeReferrers) {
    let referrers: readonly string[];
    try {
      referrers = await client.listReferrers(base.repository, digest);
    } catch (error) {
      const failed = toItemError(error);
      const message = `the referrers of ${digest} could not be listed: ${failed.message}`;
      return [
        ...subjects,
        { ...base, kind: 'manifest', role: 'referrer', digest, error: { ...failed, message } },
      ];
    }
    for (const referrer of referrers)
      subjects.push({ ...(await readManifest(client, base, referrer, 'referrer')).subject, ...kept });
  }
  return subjects;
}

async function readManifest(
  client: RegistryClient,
  base: Base,
  digest: string,
  role: ItemRole,
): Promise<{ subject: Subject; children: readonly string[]; tags: readonly string[] }> {
  try {
    const manifest = await client.getManifest(base.repository, digest);
    return {
      subject: { ...base, kind: 'manifest', role, digest, current: manifest.attributes },
      children: manifest.children,
      tags: manifest.tags,
    };
  } catch (error) {
    return {
      subject: { ...base, kind: 'manifest', role, digest, error: toItemError(error) },
      children: [],
      tags: [],
    };
  }
}

/** The manifest's other tags whose write or delete is disabled; one the run cannot read counts as protected. */
async function protectingTags(
  client: RegistryClient,
  base: Base,
  tags: readonly string[],
  options: ResolveContext,
): Promise<string[]> {
  const keepers: string[] = [];
  for (const tag of tags) {
    if (options.namedTags.has(`${base.loginServer}/${base.repository}:${tag}`)) continue;
    try {
      const state = await client.getTag(base.repository, tag);
      if (!state.attributes.writeEnabled || !state.attributes.deleteEnabled)
        keepers.push(`${base.repository}:${tag}`);
    } catch {
      keepers.push(`${base.repository}:${tag} (unreadable)`);
    }
  }
  return keepers;
}
