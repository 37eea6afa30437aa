/** Up to this many additions are spliced in one by one on the next read; more are merged by one sort. */
const SPLICE_LIMIT = 64;

/**
 * Items kept in one total order, found by binary search, so a listing page starts at its cursor
 * without sorting the whole repository. Additions wait until the next read: seeding N items costs
 * one sort, and a few pushes between listings cost a few splices.
 */
export class SortedList<T> {
  private items: T[] = [];
  private pending: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  add(item: T): void {
    this.pending.push(item);
  }

  /** Removes this very item; call it before changing anything the order depends on. */
  remove(item: T): boolean {
    this.settle();
    const at = this.search((each) => this.compare(each, item) >= 0);
    if (this.items[at] !== item) return false;
    this.items.splice(at, 1);
    return true;
  }

  /** Every item, in order. */
  view(): readonly T[] {
    this.settle();
    return this.items;
  }

  /** The index of the first item for which `isAtOrAfter` holds; it must hold for a suffix of the order. */
  firstIndex(isAtOrAfter: (item: T) => boolean): number {
    this.settle();
    return this.search(isAtOrAfter);
  }

  private search(isAtOrAfter: (item: T) => boolean): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (isAtOrAfter(this.items[mid] as T)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  private settle(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    if (pending.length > SPLICE_LIMIT) {
      this.items = this.items.concat(pending).sort(this.compare);
      return;
    }
    for (const item of pending) {
      this.items.splice(
        this.search((each) => this.compare(each, item) > 0),
        0,
        item,
      );
    }
  }
}
