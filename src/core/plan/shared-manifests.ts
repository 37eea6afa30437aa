import type { Subject } from '../model/subjects.js';
import type { RegistryClient } from '../registry/registry-client.js';

type Base = Pick<Subject, 'loginServer' | 'repository'>;

/** cosign's and OCI 1.1's tags for an image's artifacts: part of the tree being changed, not other images. */
const ARTIFACT_TAG = /^sha256-[0-9a-f]{64}(\.(sig|att|sbom))?$/;

/**
 * The tags, other than those the run names and the artifact tags of the tree itself, that point at a
 * manifest and protect it (write or delete disabled): loosening the manifest would leave each of them
 * half-locked. A tag that cannot be read counts as protecting, so nothing is freed on a guess.
 */
export async function protectingTags(
  client: RegistryClient,
  base: Base,
  tags: readonly string[],
  namedTags: ReadonlySet<string>,
): Promise<string[]> {
  const keepers: string[] = [];
  for (const tag of tags) {
    if (namedTags.has(`${base.loginServer}/${base.repository}:${tag}`) || ARTIFACT_TAG.test(tag)) continue;
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
