import { toItemError } from '../item-error.js';
import type { ItemRole, Via } from '../model/result.js';
import { subjectRef, type Subject } from '../model/subjects.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { findReferrers, type FoundReferrer, type TagDirectory } from './find-referrers.js';

/** Levels followed below an image's manifest by default (index → platform → SBOM → its signature is 3). */
export const DEFAULT_REFERRER_DEPTH = 8;

export interface TreeOptions {
  /** Follow an index to its children (the manifest of a tag is always read). */
  readonly lockManifest: boolean;
  /** Follow every manifest of the tree to its referrers, recursively. */
  readonly includeReferrers: boolean;
  /** Artifact types of the referrers to follow; empty follows all. */
  readonly referrerTypes: readonly string[];
  /** Levels below the image's manifest; what lies deeper is reported `too-deep`, not changed. */
  readonly referrerDepth: number;
  /** The run's tag directory (one listing per repository). */
  readonly tags: TagDirectory;
}

type Base = Pick<Subject, 'target' | 'loginServer' | 'repository'>;

interface Node {
  readonly digest: string;
  readonly role: ItemRole;
  readonly depth: number;
  readonly parent?: string;
  readonly via?: Via;
  readonly artifactType?: string;
  /** The fallback tag's index: its entries are the parent's referrers, already followed from there. */
  readonly leaf?: boolean;
}

/**
 * The whole tree below one manifest, depth first (each object right after what it was found from): an
 * index's children, and every manifest's referrers in each scheme, with the tags that name them. A
 * manifest reached twice (a cycle through tags, a shared referrer) is read once; an object deeper than
 * the limit becomes a `too-deep` failure, so nothing is left unlocked without a word.
 */
export async function resolveManifestTree(
  client: RegistryClient,
  base: Base,
  root: { digest: string; role: 'target' | 'manifest'; parent?: string },
  options: TreeOptions,
): Promise<Subject[]> {
  const seen = new Set<string>();
  const subjects: Subject[] = [];

  const visit = async (node: Node): Promise<void> => {
    if (seen.has(node.digest)) return;
    seen.add(node.digest);
    const subject: Subject = {
      ...base,
      kind: 'manifest',
      role: node.role,
      digest: node.digest,
      ...placeOf(node),
    };
    let children: readonly string[];
    try {
      const manifest = await client.getManifest(base.repository, node.digest);
      subjects.push({ ...subject, current: manifest.attributes, tagNames: manifest.tags });
      children = manifest.children;
    } catch (error) {
      subjects.push({ ...subject, error: toItemError(error) });
      return;
    }
    if (!options.lockManifest || node.leaf) return;
    const ref = subjectRef(subject);
    const depth = node.depth + 1;
    for (const child of children) {
      await follow({ digest: child, role: 'child', depth, parent: ref, via: 'index' });
    }
    if (!options.includeReferrers) return;
    let found: FoundReferrer[];
    try {
      found = await findReferrers(node.digest, {
        client,
        loginServer: base.loginServer,
        repository: base.repository,
        tags: options.tags,
        types: options.referrerTypes,
      });
    } catch (error) {
      const failed = toItemError(error);
      const message = `the referrers of ${node.digest} could not be listed: ${failed.message}`;
      subjects.push({ ...subject, role: 'referrer', parent: ref, error: { ...failed, message } });
      return;
    }
    for (const referrer of found) {
      let parent = ref;
      // A manifest too deep to follow is reported as such, and the tag naming it left alone with it.
      const tooDeep = depth > options.referrerDepth && !seen.has(referrer.digest);
      if (referrer.tag && !tooDeep) {
        const tag: Subject = {
          ...base,
          kind: 'tag',
          role: 'referrer',
          tag: referrer.tag.tag,
          digest: referrer.tag.digest,
          current: referrer.tag.attributes,
          parent: ref,
          via: referrer.via,
          ...(referrer.artifactType !== undefined ? { artifactType: referrer.artifactType } : {}),
        };
        if (seen.has(`tag ${referrer.tag.tag}`)) continue;
        seen.add(`tag ${referrer.tag.tag}`);
        subjects.push(tag);
        parent = subjectRef(tag);
      }
      await follow({
        digest: referrer.digest,
        role: 'referrer',
        depth,
        parent,
        via: referrer.via,
        ...(referrer.artifactType !== undefined ? { artifactType: referrer.artifactType } : {}),
        ...(referrer.fallbackIndex ? { leaf: true } : {}),
      });
    }
  };

  const follow = async (node: Node): Promise<void> => {
    if (node.depth <= options.referrerDepth) return visit(node);
    if (seen.has(node.digest)) return;
    seen.add(node.digest);
    const message = `not followed: more than ${options.referrerDepth} level(s) below the image (referrer-depth)`;
    const error = { kind: 'too-deep' as const, message };
    subjects.push({
      ...base,
      kind: 'manifest',
      role: node.role,
      digest: node.digest,
      ...placeOf(node),
      error,
    });
  };

  await visit({
    digest: root.digest,
    role: root.role,
    depth: 0,
    ...(root.parent ? { parent: root.parent, via: 'tag' as const } : {}),
  });
  return subjects;
}

/** Where a node sits in the tree, as its subject carries it. */
function placeOf(node: Node): Pick<Subject, 'parent' | 'via' | 'artifactType'> {
  return {
    ...(node.parent !== undefined ? { parent: node.parent } : {}),
    ...(node.via !== undefined ? { via: node.via } : {}),
    ...(node.artifactType !== undefined ? { artifactType: node.artifactType } : {}),
  };
}
