import pLimit from 'p-limit';
import type { TargetSpec } from '../model/targets.js';
import type { RegistryClient } from '../registry/registry-client.js';
import type { Subject } from './subjects.js';
import { toItemError } from './item-error.js';

export interface ResolveOptions {
  readonly lockManifest: boolean;
  readonly concurrency: number;
}

/**
 * Reads the current state of everything the targets reach: the tag, the manifest it points to and an
 * index's child manifests, or the repository. Reads only; a target that cannot be read becomes a
 * subject carrying its error so the rest of the run goes on and the report names it.
 */
export async function resolveTargets(
  targets: readonly TargetSpec[],
  clientFor: (loginServer: string) => RegistryClient,
  options: ResolveOptions,
): Promise<Subject[]> {
  const limit = pLimit(options.concurrency);
  const perTarget = await Promise.all(
    targets.map((target) =>
      limit(() => resolveTarget(target, clientFor(target.loginServer), options.lockManifest)),
    ),
  );
  return perTarget.flat();
}

async function resolveTarget(
  target: TargetSpec,
  client: RegistryClient,
  lockManifest: boolean,
): Promise<Subject[]> {
  const base = { target: target.ref, loginServer: target.loginServer, repository: target.repository };
  switch (target.kind) {
    case 'repository':
      try {
        const repo = await client.getRepository(target.repository);
        return [{ ...base, kind: 'repository', role: 'target', current: repo.attributes }];
      } catch (error) {
        return [{ ...base, kind: 'repository', role: 'target', error: toItemError(error) }];
      }
    case 'digest':
      return resolveManifest(client, base, target.digest, 'target', lockManifest);
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
      if (!lockManifest) return [subject];
      return [subject, ...(await resolveManifest(client, base, tag.digest, 'manifest', true))];
    }
  }
}

async function resolveManifest(
  client: RegistryClient,
  base: Pick<Subject, 'target' | 'loginServer' | 'repository'>,
  digest: string,
  role: 'target' | 'manifest',
  withChildren: boolean,
): Promise<Subject[]> {
  let manifest;
  try {
    manifest = await client.getManifest(base.repository, digest);
  } catch (error) {
    return [{ ...base, kind: 'manifest', role, digest, error: toItemError(error) }];
  }
  const subjects: Subject[] = [{ ...base, kind: 'manifest', role, digest, current: manifest.attributes }];
  if (!withChildren) return subjects;
  for (const child of manifest.children) {
    try {
      const state = await client.getManifest(base.repository, child);
      subjects.push({ ...base, kind: 'manifest', role: 'child', digest: child, current: state.attributes });
    } catch (error) {
      subjects.push({ ...base, kind: 'manifest', role: 'child', digest: child, error: toItemError(error) });
    }
  }
  return subjects;
}
