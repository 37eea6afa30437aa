import { ATTRIBUTE_NAMES, type LockAttributes } from '../model/attributes.js';
import { parseListingTime } from './duration.js';
import type { ManifestListing, TagListing } from './listing.js';
import { isJsonObject, type JsonObject } from './json-object.js';

/**
 * Items asked for on a listing page (tags, manifests, the catalog), in every order: ACR answers at
 * most 1,000 whatever is asked (Azure/acr#749), and the published spec names no maximum. A registry
 * that refuses it gets LISTING_PAGE_SIZE instead (refusesPageSize); one that caps it silently still
 * answers a `Link` to the rest. A page's items are parsed LISTING_BATCH at a time (listing-items.ts).
 */
export const LARGE_PAGE_SIZE = 1000;

/** What a listing asks for once a registry refused LARGE_PAGE_SIZE: ACR's page size when `n` is not given. */
export const LISTING_PAGE_SIZE = 100;

/** Items a listing hands the runners at once, whatever the page size. */
export const LISTING_BATCH = 100;

/**
 * Whether an answer refuses the page size a listing request asked for, so the same request goes
 * again with LISTING_PAGE_SIZE: a 400 to an `n` above it. The distribution registry's code is
 * `PAGINATION_NUMBER_INVALID`; any other 400 there is read the same way, as registries word it
 * differently, and a request that was wrong for another reason fails again at the smaller size.
 */
export function refusesPageSize(status: number, pathAndQuery: string): boolean {
  return status === 400 && (pageSizeOf(pathAndQuery) ?? 0) > LISTING_PAGE_SIZE;
}

/** The `n` of a listing request (`/acr/v1/app/_tags?n=1000&orderby=`), if it has a whole one. */
export function pageSizeOf(pathAndQuery: string): number | undefined {
  const n = new URL(pathAndQuery, 'https://registry.invalid').searchParams.get('n');
  return n !== null && /^\d+$/.test(n) ? Number(n) : undefined;
}

/** The same listing request asking `n` items; the path and the other parameters unchanged. */
export function withPageSize(pathAndQuery: string, n: number): string {
  const url = new URL(pathAndQuery, 'https://registry.invalid');
  url.searchParams.set('n', String(n));
  return `${url.pathname}${url.search}`;
}

/** A listing body that is not what ACR sends; the message says which item and field. */
export class ListingFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListingFormatError';
  }
}

function itemsOf(body: unknown, key: string, what: string): unknown[] {
  if (!isJsonObject(body)) throw new ListingFormatError(`${what}: the body is not a JSON object`);
  const items = body[key];
  // ACR leaves the array out of an empty page.
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new ListingFormatError(`${what}: '${key}' is not a list`);
  return items;
}

function attributesOf(item: JsonObject, where: string): LockAttributes {
  const raw = item.changeableAttributes;
  if (!isJsonObject(raw)) throw new ListingFormatError(`${where}: no changeableAttributes`);
  const attributes: Partial<Record<(typeof ATTRIBUTE_NAMES)[number], boolean>> = {};
  for (const name of ATTRIBUTE_NAMES) {
    const value = raw[name];
    if (typeof value !== 'boolean')
      throw new ListingFormatError(`${where}: changeableAttributes.${name} is not a boolean`);
    attributes[name] = value;
  }
  return attributes as LockAttributes;
}

function stringField(item: JsonObject, field: string, where: string): string {
  const value = item[field];
  if (typeof value !== 'string' || value === '')
    throw new ListingFormatError(`${where}: '${field}' is not a string`);
  return value;
}

/** How to read one kind of listing body: the key of its list, and each item checked and converted. */
export interface ListingKind<T> {
  readonly key: string;
  readonly what: string;
  readonly toItem: (raw: unknown, index: number) => T;
}

/** The items of a whole body of this kind (parsed already). */
export function itemsOfBody<T>(body: unknown, { key, what, toItem }: ListingKind<T>): T[] {
  return itemsOf(body, key, what).map(toItem);
}

function lastUpdatedOf(item: JsonObject): number | undefined {
  return parseListingTime(typeof item.lastUpdateTime === 'string' ? item.lastUpdateTime : undefined);
}

function objectItem(raw: unknown, where: string): JsonObject {
  if (!isJsonObject(raw)) throw new ListingFormatError(`${where}: not an object`);
  return raw;
}

/** A `/acr/v1/<repo>/_tags` body's items. */
export function tagListingKind(repository: string): ListingKind<TagListing> {
  const what = `${repository} tag listing`;
  return {
    key: 'tags',
    what,
    toItem(raw, i) {
      const where = `${what}, item ${i + 1}`;
      const item = objectItem(raw, where);
      const lastUpdatedMs = lastUpdatedOf(item);
      return {
        repository,
        name: stringField(item, 'name', where),
        digest: stringField(item, 'digest', where),
        ...(lastUpdatedMs !== undefined ? { lastUpdatedMs } : {}),
        attributes: attributesOf(item, where),
      };
    },
  };
}

/** A `/acr/v1/<repo>/_manifests` body's items; an index's `references` are its children. */
export function manifestListingKind(repository: string): ListingKind<ManifestListing> {
  const what = `${repository} manifest listing`;
  return {
    key: 'manifests',
    what,
    toItem(raw, i) {
      const where = `${what}, item ${i + 1}`;
      const item = objectItem(raw, where);
      const tags = Array.isArray(item.tags)
        ? item.tags.filter((t): t is string => typeof t === 'string')
        : [];
      const references = Array.isArray(item.references) ? item.references : [];
      const children = references.flatMap((r) =>
        isJsonObject(r) && typeof r.digest === 'string' ? [r.digest] : [],
      );
      const lastUpdatedMs = lastUpdatedOf(item);
      return {
        repository,
        digest: stringField(item, 'digest', where),
        attributes: attributesOf(item, where),
        tags,
        children,
        ...(lastUpdatedMs !== undefined ? { lastUpdatedMs } : {}),
      };
    },
  };
}

/** A `/acr/v1/_catalog` (or `/v2/_catalog`) body's repository names. */
export const CATALOG_LISTING: ListingKind<string> = {
  key: 'repositories',
  what: 'catalog',
  toItem(name, i) {
    if (typeof name !== 'string' || name === '')
      throw new ListingFormatError(`catalog, item ${i + 1}: not a name`);
    return name;
  },
};

/**
 * The next page from a `Link` header (`</acr/v1/app/_tags?last=v2&n=100&orderby=>; rel="next"`),
 * resolved against the registry: undefined on the last page. A link to another host is refused, so
 * following pages never sends the registry's token elsewhere.
 */
export function nextPageUrl(link: string | undefined, loginServer: string): URL | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match || !/(^|;)\s*rel="?next"?\s*(;|$)/.test(match[2] ?? '')) continue;
    const base = `https://${loginServer}`;
    let url: URL;
    try {
      url = new URL(match[1] ?? '', base);
    } catch {
      throw new ListingFormatError(`the Link header's next page is not a URL: ${match[1]}`);
    }
    if (url.origin !== new URL(base).origin) {
      throw new ListingFormatError(`the Link header points at ${url.origin}, not ${loginServer}`);
    }
    return url;
  }
  return undefined;
}
