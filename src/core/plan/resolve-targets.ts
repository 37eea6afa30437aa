import { phaseLimit, type Concurrency } from '../concurrency/adaptive-concurrency.js';
import type { TargetSpec } from '../model/targets.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { subjectRef, type Subject } from '../model/subjects.js';
import { toItemError } from '../item-error.js';
import { TagDirectory } from './find-referrers.js';
import { DEFAULT_REFERRER_DEPTH, resolveManifestTree, type TreeOptions } from './resolve-tree.js';
import { keepShared } from './keep-shared.js';

export interface ResolveOptions {
  /** Follow a tag to its manifest, and an index to its children. */
  readonly lockManifest: boolean;
  /** Also follow the manifest to the artifacts that refer to it (signatures, SBOMs). */
  readonly includeReferrers: boolean;
  readonly concurrency: Concurrency;
  /** Artifact types of the referrers to follow; empty follows all. */
  readonly referrerTypes?: readonly string[];
  /** Levels followed below an image's manifest (default DEFAULT_REFERRER_DEPTH). */
  readonly referrerDepth?: number;
  /**
   * The run loosens write or delete: a manifest that other, protected tags point at is kept (with the
   * whole tree below it) rather than unlocked under them (keep-shared.ts). Off with force-unlock-shared.
   */
  readonly keepShared?: boolean;
  /** Called as each target is read, with what it reached. */
  readonly onTarget?: (subjects: readonly Subject[]) => void;
}

/** The options as the tree walk needs them, with the run's one tag directory. */
type ResolveContext = ResolveOptions & TreeOptions;

type Base = Pick<Subject, 'target' | 'loginServer' | 'repository'>;

/**
 * Reads the current state of everything the targets reach: the tag, the manifest it points to and the
 * tree below it (resolve-tree.ts: an index's children and, when asked, every referrer); or the
 * repository. Reads only; an object that cannot be read becomes a subject carrying its error, so the
 * rest of the run goes on and the report names it.
 */
export async function resolveTargets(
  targets: readonly TargetSpec[],
  clientFor: (loginServer: string) => RegistryClient,
  options: ResolveOptions,
): Promise<Subject[]> {
  const limit = phaseLimit(options.concurrency);
  const context: ResolveContext = {
    ...options,
    referrerTypes: options.referrerTypes ?? [],
    referrerDepth: options.referrerDepth ?? DEFAULT_REFERRER_DEPTH,
    tags: new TagDirectory(),
  };
  // `server/repository:tag` of every tag the run itself names: those are not "other" tags.
  const namedTags = new Set(
    targets.flatMap((t) => (t.kind === 'tag' ? [`${t.loginServer}/${t.repository}:${t.tag}`] : [])),
  );
  const perTarget = await Promise.all(
    targets.map((target) =>
      limit(async () => {
        const client = clientFor(target.loginServer);
        const reached = await resolveTarget(target, client, context);
        const subjects = options.keepShared ? await keepShared(reached, client, namedTags) : reached;
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
      return resolveManifestTree(client, base, { digest: target.digest, role: 'target' }, options);
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
      const root = { digest: tag.digest, role: 'manifest', parent: subjectRef(subject) } as const;
      return [subject, ...(await resolveManifestTree(client, base, root, options))];
    }
  }
}
