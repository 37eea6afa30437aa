import type { PipelineResponse } from '@azure/core-rest-pipeline';
import { RegistryError } from '../core/errors.js';
import type {
  IndexEntry,
  ReferrersAnswer,
  RepositoryTags,
  TagState,
} from '../core/registry/registry-client.js';
import { statusToRegistryError } from './registry-error-mapping.js';
import { isDigest } from '../core/text/neutralize.js';
import {
  LARGE_PAGE_SIZE,
  LISTING_PAGE_SIZE,
  refusesPageSize,
  withPageSize,
} from '../core/policy/listing-wire.js';

/** One GET on the registry (path and query, same origin), with its token, trust and retries. */
export type RegistryGet = (pathAndQuery: string, accept: string) => Promise<PipelineResponse>;

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
/** A registry that keeps answering `Link` to itself would never end: no real list is this long. */
const MAX_PAGES = 10_000;

/**
 * `GET /v2/<repo>/referrers/<digest>`, every page (`Link`). With types, one listing per type sent as
 * the `artifactType` filter; an answer without `OCI-Filters-Applied` shows the registry ignores the
 * filter, so that one unfiltered listing is all there is to ask, and the caller filters. 404: the
 * registry has no referrers API (OCI 1.1 says a registry that has one never answers 404 there).
 */
export async function listReferrers(
  get: RegistryGet,
  what: string,
  repository: string,
  digest: string,
  artifactTypes: readonly string[] = [],
): Promise<ReferrersAnswer> {
  const path = `/v2/${repository}/referrers/${digest}`;
  const queries =
    artifactTypes.length === 0 ? [''] : artifactTypes.map((t) => `?artifactType=${encodeURIComponent(t)}`);
  const found = new Map<string, IndexEntry>();
  for (const query of queries) {
    const listing = await followPages(get, what, `${path}${query}`, OCI_INDEX, (body) =>
      indexEntries(body, what),
    );
    if (listing === 'not-found') return { kind: 'unsupported' };
    for (const entry of listing.items) found.set(entry.digest, entry);
    const filtered =
      listing.firstHeaders
        .get('oci-filters-applied')
        ?.split(',')
        .map((f) => f.trim())
        .includes('artifactType') ?? false;
    if (query && !filtered) return { kind: 'listed', referrers: listing.items, filtered: false };
  }
  return { kind: 'listed', referrers: [...found.values()], filtered: artifactTypes.length > 0 };
}

/** `GET /v2/<repo>/manifests/<digest>` of an image index: its entries (the fallback tag's referrers). */
export async function listIndexEntries(
  get: RegistryGet,
  what: string,
  repository: string,
  digest: string,
): Promise<readonly IndexEntry[]> {
  const response = await get(`/v2/${repository}/manifests/${digest}`, OCI_INDEX);
  if (response.status !== 200)
    throw statusToRegistryError(response.status, response.bodyAsText ?? undefined, what);
  return indexEntries(response.bodyAsText, what);
}

/**
 * `GET /acr/v1/<repo>/_tags`, every page, and the repository's `tagCount`: ACR hides list-disabled tags
 * from the listing, and the difference says how many a lookup by name must find. Pages of
 * LARGE_PAGE_SIZE (this listing is held whole anyway), or LISTING_PAGE_SIZE where the registry refuses
 * that.
 */
export async function listTags(get: RegistryGet, what: string, repository: string): Promise<RepositoryTags> {
  const listing = await followPages(
    get,
    what,
    `/acr/v1/${repository}/_tags?n=${LARGE_PAGE_SIZE}`,
    'application/json',
    (body) => tagStates(body, repository, what),
  );
  if (listing === 'not-found') return { tags: [], unlisted: 0 };
  const response = await get(`/acr/v1/${repository}`, 'application/json');
  if (response.status !== 200)
    throw statusToRegistryError(response.status, response.bodyAsText ?? undefined, what);
  const tagCount = (parseJson(response.bodyAsText, what) as { tagCount?: unknown }).tagCount;
  const unlisted = typeof tagCount === 'number' ? Math.max(0, tagCount - listing.items.length) : 0;
  return { tags: listing.items, unlisted };
}

interface Pages<T> {
  readonly items: T[];
  readonly firstHeaders: PipelineResponse['headers'];
}

async function followPages<T>(
  get: RegistryGet,
  what: string,
  first: string,
  accept: string,
  parse: (body: string | null | undefined) => readonly T[],
): Promise<Pages<T> | 'not-found'> {
  const items: T[] = [];
  const seen = new Set<string>();
  let next: string | undefined = first;
  let firstHeaders: PipelineResponse['headers'] | undefined;
  while (next !== undefined) {
    if (seen.has(next) || seen.size >= MAX_PAGES)
      throw new RegistryError('protocol', `${what}: the registry's pages never end (Link ${next}).`);
    seen.add(next);
    const response: PipelineResponse = await get(next, accept);
    if (firstHeaders === undefined && refusesPageSize(response.status, next)) {
      // The first page's size refused: the same request at the size every registry takes.
      next = withPageSize(next, LISTING_PAGE_SIZE);
      continue;
    }
    if (response.status === 404 && firstHeaders === undefined) return 'not-found';
    if (response.status !== 200)
      throw statusToRegistryError(response.status, response.bodyAsText ?? undefined, what);
    firstHeaders ??= response.headers;
    items.push(...parse(response.bodyAsText));
    next = nextLink(response.headers.get('link'), what);
  }
  return { items, firstHeaders: firstHeaders as PipelineResponse['headers'] };
}

/**
 * The `rel="next"` target of a `Link` header, as a path on the same registry: a link to another origin
 * is refused (the token must not follow it, and the answer would not be the registry's).
 */
export function nextLink(header: string | undefined, what: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m?.[1] || !/\brel="?next"?/i.test(m[2] ?? '')) continue;
    const base = 'https://registry.invalid';
    const url = new URL(m[1], base);
    if (url.origin !== base)
      throw new RegistryError(
        'protocol',
        `${what}: the registry's next page is on another origin; not followed.`,
      );
    return `${url.pathname}${url.search}`;
  }
  return undefined;
}

function parseJson(body: string | null | undefined, what: string): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    throw new RegistryError('protocol', `${what}: the answer is not JSON.`);
  }
}

function indexEntries(body: string | null | undefined, what: string): IndexEntry[] {
  const index = parseJson(body, what) as { manifests?: unknown };
  const manifests = index.manifests ?? [];
  if (!Array.isArray(manifests))
    throw new RegistryError('protocol', `${what}: the answer is not an OCI image index.`);
  return manifests.map((m: { digest?: unknown; artifactType?: unknown }) => {
    if (!isDigest(m.digest))
      throw new RegistryError('protocol', `${what}: the index lists a malformed digest.`);
    return typeof m.artifactType === 'string'
      ? { digest: m.digest, artifactType: m.artifactType }
      : { digest: m.digest };
  });
}

interface AcrTag {
  name?: unknown;
  digest?: unknown;
  changeableAttributes?: Partial<
    Record<'writeEnabled' | 'deleteEnabled' | 'readEnabled' | 'listEnabled', unknown>
  >;
}

function tagStates(body: string | null | undefined, repository: string, what: string): TagState[] {
  const tags = (parseJson(body, what) as { tags?: unknown }).tags ?? [];
  if (!Array.isArray(tags)) throw new RegistryError('protocol', `${what}: the tag list is not a list.`);
  return tags.map((t: AcrTag) => {
    if (typeof t.name !== 'string' || !isDigest(t.digest))
      throw new RegistryError('protocol', `${what}: the tag list holds a malformed tag.`);
    const a = t.changeableAttributes ?? {};
    const flag = (value: unknown) => value !== false;
    return {
      repository,
      tag: t.name,
      digest: t.digest,
      attributes: {
        writeEnabled: flag(a.writeEnabled),
        deleteEnabled: flag(a.deleteEnabled),
        readEnabled: flag(a.readEnabled),
        listEnabled: flag(a.listEnabled),
      },
    };
  });
}
