import type { ListingOrder, ListingPage, ListingQuery } from './registry-store.js';
import { SortedList } from './sorted-list.js';

interface Timed {
  lastUpdateMs: number;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One repository's tags or manifests by key, kept in the three orders listings ask for, so a page
 * is a binary search for its cursor plus the items it shows (and any hidden ones it skips).
 * Iteration (`values`, `keys`) is in insertion order, as a Map's.
 */
export class OrderedRecords<T extends Timed> {
  private readonly records = new Map<string, T>();
  private readonly orders: Record<ListingOrder, SortedList<T>>;
  private readonly compares: Record<ListingOrder, (a: T, b: T) => number>;

  constructor(private readonly keyOf: (record: T) => string) {
    const byKey = (a: T, b: T): number => byString(keyOf(a), keyOf(b));
    this.compares = {
      key: byKey,
      timeasc: (a, b) => a.lastUpdateMs - b.lastUpdateMs || byKey(a, b),
      timedesc: (a, b) => b.lastUpdateMs - a.lastUpdateMs || byKey(a, b),
    };
    this.orders = {
      key: new SortedList(this.compares.key),
      timeasc: new SortedList(this.compares.timeasc),
      timedesc: new SortedList(this.compares.timedesc),
    };
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  has(key: string): boolean {
    return this.records.has(key);
  }

  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  values(): IterableIterator<T> {
    return this.records.values();
  }

  /** Adds a record whose key is not there yet. */
  add(record: T): void {
    const key = this.keyOf(record);
    if (this.records.has(key)) throw new Error(`${key} is already there`);
    this.records.set(key, record);
    for (const order of Object.values(this.orders)) order.add(record);
  }

  delete(key: string): T | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    this.records.delete(key);
    for (const order of Object.values(this.orders)) order.remove(record);
    return record;
  }

  /** Sets a record's last update time, moving it in the time orders. */
  touch(record: T, lastUpdateMs: number): void {
    this.orders.timeasc.remove(record);
    this.orders.timedesc.remove(record);
    record.lastUpdateMs = lastUpdateMs;
    this.orders.timeasc.add(record);
    this.orders.timedesc.add(record);
  }

  /** Every record in key order. */
  sorted(): readonly T[] {
    return this.orders.key.view();
  }

  /**
   * One page. `among`, when given, is the only records to consider (a handful, as a digest's tags):
   * they are ordered here rather than found in the full orders.
   */
  page(query: ListingQuery<T>, among?: readonly T[]): ListingPage<T> {
    const include = query.include ?? ((): boolean => true);
    const compare = this.compares[query.order];
    const ordered = among ? [...among].sort(compare) : this.orders[query.order].view();
    const firstIndex = (isAtOrAfter: (item: T) => boolean): number =>
      among ? firstIndexIn(ordered, isAtOrAfter) : this.orders[query.order].firstIndex(isAtOrAfter);
    const { last } = query;
    let start = 0;
    if (last) {
      if (query.order === 'key') {
        start = firstIndex((item) => this.keyOf(item) > last);
      } else {
        // After the item's place; nothing when it is gone or not part of this listing.
        const at = this.records.get(last);
        const listed = at !== undefined && include(at) && (!among || among.includes(at));
        if (!listed) return { items: [], more: false };
        start = firstIndex((item) => compare(item, at) > 0);
      }
    }
    const items: T[] = [];
    let i = start;
    for (; i < ordered.length && items.length < query.n; i += 1) {
      const item = ordered[i] as T;
      if (include(item)) items.push(item);
    }
    for (; i < ordered.length; i += 1) if (include(ordered[i] as T)) return { items, more: true };
    return { items, more: false };
  }
}

function firstIndexIn<T>(items: readonly T[], isAtOrAfter: (item: T) => boolean): number {
  const at = items.findIndex(isAtOrAfter);
  return at < 0 ? items.length : at;
}
