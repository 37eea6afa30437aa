import { acrErrors } from '../errors/acr-error.js';

/** ACR answers at most this many items per page when `n` is not given. */
export const DEFAULT_PAGE_SIZE = 100;

/** The largest `n` a listing accepts unless told otherwise (ACR publishes no maximum). */
export const DEFAULT_MAX_PAGE_SIZE = 1000;

/** What a listing answers to an `n` above its maximum (see PageSizeLimit). */
export const OVERSIZED_PAGE_ANSWERS = ['refuse', 'cap'] as const;

/** The most items a listing page holds, and what an `n` above that gets. */
export interface PageSizeLimit {
  readonly max: number;
  /**
   * `refuse`: 400 `PAGINATION_NUMBER_INVALID`, as the distribution registry answers; `cap`: a page
   * of `max` items, its `Link` carrying `n=max`, as a registry that caps silently does.
   */
  readonly above: (typeof OVERSIZED_PAGE_ANSWERS)[number];
}

export interface Page<T> {
  items: T[];
  /** The key of the last item when more follow (goes into the `Link` header's `last`). */
  nextLast?: string;
}

/** The page size a request's `n` asks for, within `limit` when one is given. */
export function parsePageSize(value: string | null, limit?: PageSizeLimit): number {
  if (value === null || value === '') return Math.min(DEFAULT_PAGE_SIZE, limit?.max ?? DEFAULT_PAGE_SIZE);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw acrErrors.paginationNumberInvalid(value);
  if (limit === undefined || n <= limit.max) return n;
  if (limit.above === 'refuse') throw acrErrors.paginationNumberInvalid(value);
  return limit.max;
}

/**
 * One page of an ordered list. `last` is the key of the previous page's last item: with a key
 * order, items after it lexically; with another order (time), items after its position (none when
 * it is gone, rather than starting over).
 */
export function pageOf<T>(
  ordered: readonly T[],
  keyOf: (item: T) => string,
  last: string | null,
  n: number,
  lexical: boolean,
): Page<T> {
  let start = 0;
  if (last) {
    if (lexical) {
      start = ordered.findIndex((item) => keyOf(item) > last);
      if (start < 0) start = ordered.length;
    } else {
      const at = ordered.findIndex((item) => keyOf(item) === last);
      start = at < 0 ? ordered.length : at + 1;
    }
  }
  const items = ordered.slice(start, start + n);
  const lastItem = items[items.length - 1];
  return start + n < ordered.length && lastItem !== undefined
    ? { items, nextLast: keyOf(lastItem) }
    : { items };
}

/** `Link: <path?query>; rel="next"`, the query in the given order (ACR's is `last`, `n`, `orderby`). */
export function linkHeader(path: string, params: ReadonlyArray<[string, string]>): string {
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `<${path}?${query}>; rel="next"`;
}
