import { RegistryError } from '../errors.js';
import type { Via } from '../model/result.js';
import type { IndexEntry, RegistryClient, RepositoryTags, TagState } from '../registry/registry-client.js';

/** cosign's tag suffixes and the artifact types cosign gives the same artifacts in OCI 1.1 mode. */
const COSIGN_TAG_TYPES = {
  sig: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  att: 'application/vnd.dev.cosign.artifact.att.v1+json',
  sbom: 'application/vnd.dev.cosign.artifact.sbom.v1+json',
} as const;

/** `sha256:<hex>` → `sha256-<hex>`: the OCI 1.1 fallback tag, and the stem of cosign's tags. */
export function digestTag(digest: string): string {
  return digest.replace(':', '-');
}

/** A referrer of one manifest, as one of the schemes found it. */
export interface FoundReferrer {
  readonly digest: string;
  readonly via: Via;
  readonly artifactType?: string;
  /** The tag that names it (the fallback tag, a cosign tag): locked with it, its parent in the tree. */
  readonly tag?: TagState;
  /** The fallback tag's own index: locked, while its entries are the manifest's referrers. */
  readonly fallbackIndex?: boolean;
}

/**
 * The tags of each repository a run follows, listed once (every page) and looked up by name. ACR
 * hides list-disabled tags from listings: when the repository counts more tags than it lists, a name
 * not listed is asked for directly, so a hidden cosign tag is still found.
 */
export class TagDirectory {
  private readonly listings = new Map<string, Promise<RepositoryTags>>();
  private readonly lookups = new Map<string, Promise<TagState | undefined>>();

  lookup(
    client: RegistryClient,
    key: string,
    repository: string,
    name: string,
  ): Promise<TagState | undefined> {
    const id = `${key}/${repository}:${name}`;
    let found = this.lookups.get(id);
    if (!found) {
      found = this.find(client, key, repository, name);
      this.lookups.set(id, found);
    }
    return found;
  }

  private async find(
    client: RegistryClient,
    key: string,
    repository: string,
    name: string,
  ): Promise<TagState | undefined> {
    const id = `${key}/${repository}`;
    let listing = this.listings.get(id);
    if (!listing) {
      listing = client.listTags(repository);
      this.listings.set(id, listing);
    }
    const { tags, unlisted } = await listing;
    const listed = tags.find((t) => t.tag === name);
    if (listed || unlisted === 0) return listed;
    try {
      return await client.getTag(repository, name);
    } catch (error) {
      if (error instanceof RegistryError && error.kind === 'not-found') return undefined;
      throw error;
    }
  }
}

export interface FindOptions {
  readonly client: RegistryClient;
  /** Keys the tag directory (one client per login server). */
  readonly loginServer: string;
  readonly repository: string;
  readonly tags: TagDirectory;
  /** Artifact types to follow; empty follows all. */
  readonly types: readonly string[];
}

/**
 * Every referrer of one manifest: the referrers API (every page, filtered by type, locally when the
 * registry ignores the filter) or, where it answers 404, the OCI 1.1 fallback tag; and cosign's
 * `.sig`, `.att` and `.sbom` tags, which no referrers API lists.
 */
export async function findReferrers(digest: string, options: FindOptions): Promise<FoundReferrer[]> {
  const { client, repository, types } = options;
  const wanted = (artifactType: string | undefined) =>
    types.length === 0 || (artifactType !== undefined && types.includes(artifactType));
  const lookup = (name: string) => options.tags.lookup(client, options.loginServer, repository, name);
  const found: FoundReferrer[] = [];

  const answer = await client.listReferrers(repository, digest, types.length > 0 ? types : undefined);
  if (answer.kind === 'listed') {
    const entries = answer.filtered
      ? answer.referrers
      : answer.referrers.filter((e) => wanted(e.artifactType));
    found.push(...entries.map((e) => referrer(e, 'referrers-api')));
  } else {
    const fallback = await lookup(digestTag(digest));
    if (fallback) {
      const entries = (await client.listIndexEntries(repository, fallback.digest)).filter((e) =>
        wanted(e.artifactType),
      );
      if (types.length === 0 || entries.length > 0)
        found.push({ digest: fallback.digest, via: 'fallback-tag', tag: fallback, fallbackIndex: true });
      found.push(...entries.map((e) => referrer(e, 'fallback-tag')));
    }
  }

  for (const [suffix, artifactType] of Object.entries(COSIGN_TAG_TYPES)) {
    if (!wanted(artifactType)) continue;
    const tag = await lookup(`${digestTag(digest)}.${suffix}`);
    if (tag) found.push({ digest: tag.digest, via: 'cosign-tag', artifactType, tag });
  }
  return found;
}

function referrer(entry: IndexEntry, via: Via): FoundReferrer {
  return entry.artifactType !== undefined
    ? { digest: entry.digest, via, artifactType: entry.artifactType }
    : { digest: entry.digest, via };
}
