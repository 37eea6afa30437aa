import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  MemoryRegistryStore,
  buildArtifact,
  buildImage,
  storeBuilt,
  type ListingOrder,
  type ManifestRecord,
  type TagRecord,
} from '../../src/emulator/index.js';
import { pageOf } from '../../src/emulator/http/paging.js';

// The store answers listing pages from orders it keeps up to date; the oracle here is what the
// handlers did before: every record, filtered, fully sorted, then cut by `pageOf`.

const REPO = 'r/app';
const images = [0, 1, 2, 3, 4].map((i) => buildImage({ files: { n: String(i) } }));
const referrers = images.map((subject, i) =>
  buildArtifact({
    artifactType: 'application/vnd.example.sbom',
    subject,
    layer: { mediaType: 'text/plain', content: `sbom ${i}` },
  }),
);
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'v1', 'v10', 'v2'];
const ORDERS: ListingOrder[] = ['key', 'timeasc', 'timedesc'];

type Op =
  | { kind: 'tag'; name: string; image: number }
  | { kind: 'untag'; name: string }
  | { kind: 'hideTag'; name: string; hidden: boolean }
  | { kind: 'hideManifest'; image: number; hidden: boolean }
  | { kind: 'deleteManifest'; image: number }
  | { kind: 'refer'; image: number };

const name = fc.constantFrom(...NAMES);
const image = fc.integer({ min: 0, max: images.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('tag' as const), name, image }),
  fc.record({ kind: fc.constant('untag' as const), name }),
  fc.record({ kind: fc.constant('hideTag' as const), name, hidden: fc.boolean() }),
  fc.record({ kind: fc.constant('hideManifest' as const), image, hidden: fc.boolean() }),
  fc.record({ kind: fc.constant('deleteManifest' as const), image }),
  fc.record({ kind: fc.constant('refer' as const), image }),
);

function apply(store: MemoryRegistryStore, o: Op): void {
  switch (o.kind) {
    case 'tag':
      storeBuilt(store, REPO, images[o.image]!, o.name);
      break;
    case 'untag':
      store.deleteTag(REPO, o.name);
      break;
    case 'hideTag':
      store.updateTagAttributes(REPO, o.name, { listEnabled: !o.hidden });
      break;
    case 'hideManifest':
      store.updateManifestAttributes(REPO, images[o.image]!.digest, { listEnabled: !o.hidden });
      break;
    case 'deleteManifest':
      store.deleteManifest(REPO, images[o.image]!.digest);
      break;
    case 'refer':
      if (store.getManifest(REPO, images[o.image]!.digest)) storeBuilt(store, REPO, referrers[o.image]!);
      break;
  }
}

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
function oracleOrder<T extends { lastUpdateMs: number }>(
  items: T[],
  keyOf: (t: T) => string,
  order: ListingOrder,
): T[] {
  const key = (a: T, b: T): number => byKey(keyOf(a), keyOf(b));
  if (order === 'timeasc') return items.sort((a, b) => a.lastUpdateMs - b.lastUpdateMs || key(a, b));
  if (order === 'timedesc') return items.sort((a, b) => b.lastUpdateMs - a.lastUpdateMs || key(a, b));
  return items.sort(key);
}

/** Every tag, found one by one by name (not through the store's orders). */
function allTags(store: MemoryRegistryStore, names: readonly string[]): TagRecord[] {
  return names.flatMap((n) => store.getTag(REPO, n) ?? []);
}
function allManifests(store: MemoryRegistryStore): ManifestRecord[] {
  return [...images, ...referrers].flatMap((m) => store.getManifest(REPO, m.digest) ?? []);
}

interface Walked {
  readonly pages: string[][];
  readonly lasts: Array<string | undefined>;
}

/** Pages as a client follows them (each `last` from the page before), up to a bound. */
function walk(next: (last: string | undefined) => { keys: string[]; nextLast?: string }): Walked {
  const pages: string[][] = [];
  const lasts: Array<string | undefined> = [];
  let last: string | undefined;
  for (let i = 0; i < 200; i += 1) {
    const page = next(last);
    pages.push(page.keys);
    lasts.push(page.nextLast);
    if (!page.nextLast) break;
    last = page.nextLast;
  }
  return { pages, lasts };
}

describe('MemoryRegistryStore listing pages (property)', () => {
  test('pages, cursors, filters and indexes equal a full sort of every record, after any history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.array(op, { maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(...ORDERS),
        fc.constantFrom(undefined, 'zz', 'b5x', '', ...NAMES),
        (bulk, ops, n, order, strayLast) => {
          const store = new MemoryRegistryStore();
          // Enough tags at once to take the one-sort path, then single changes that splice.
          const bulkNames = Array.from({ length: bulk }, (_, i) => `bulk${i}`);
          bulkNames.forEach((t, i) => storeBuilt(store, REPO, images[i % images.length]!, t));
          for (const o of ops) apply(store, o);
          const names = [...NAMES, ...bulkNames];
          if (!store.getRepository(REPO)) return;

          for (const digest of [undefined, ...images.map((m) => m.digest)]) {
            const tags = oracleOrder(
              allTags(store, names).filter(
                (t) => t.attributes.listEnabled && (!digest || t.digest === digest),
              ),
              (t) => t.name,
              order,
            );
            const query = (last: string | undefined) => ({
              order,
              n,
              ...(last !== undefined ? { last } : {}),
              ...(digest ? { digest } : {}),
              include: (t: TagRecord) => t.attributes.listEnabled,
            });
            const fromStore = (last: string | undefined) => {
              const page = store.pageTags(REPO, query(last));
              const keys = page.items.map((t) => t.name);
              return page.more ? { keys, nextLast: keys[keys.length - 1]! } : { keys };
            };
            const fromOracle = (last: string | undefined) => {
              const page = pageOf(tags, (t) => t.name, last ?? null, n, order === 'key');
              return {
                keys: page.items.map((t) => t.name),
                ...(page.nextLast ? { nextLast: page.nextLast } : {}),
              };
            };
            expect(walk(fromStore)).toEqual(walk(fromOracle));
            expect(fromStore(strayLast)).toEqual(fromOracle(strayLast));
            // Whole records, not only names.
            expect(store.pageTags(REPO, query(undefined)).items).toEqual(tags.slice(0, n));
          }

          const manifests = oracleOrder(
            allManifests(store).filter((m) => m.attributes.listEnabled),
            (m) => m.digest,
            order,
          );
          const mQuery = (last: string | undefined) => ({
            order,
            n,
            ...(last !== undefined ? { last } : {}),
            include: (m: ManifestRecord) => m.attributes.listEnabled,
          });
          const mStore = (last: string | undefined) => {
            const page = store.pageManifests(REPO, mQuery(last));
            const keys = page.items.map((m) => m.digest);
            return page.more ? { keys, nextLast: keys[keys.length - 1]! } : { keys };
          };
          const mOracle = (last: string | undefined) => {
            const page = pageOf(manifests, (m) => m.digest, last ?? null, n, order === 'key');
            return {
              keys: page.items.map((m) => m.digest),
              ...(page.nextLast ? { nextLast: page.nextLast } : {}),
            };
          };
          expect(walk(mStore)).toEqual(walk(mOracle));
          expect(store.pageManifests(REPO, mQuery(undefined)).items).toEqual(manifests.slice(0, n));

          const everyTag = allTags(store, names);
          const everyManifest = allManifests(store);
          expect(store.tagCount(REPO)).toBe(everyTag.length);
          expect(store.manifestCount(REPO)).toBe(everyManifest.length);
          expect(store.listTags(REPO)).toEqual(oracleOrder(everyTag, (t) => t.name, 'key'));
          expect(store.listManifests(REPO)).toEqual(oracleOrder(everyManifest, (m) => m.digest, 'key'));
          for (const m of images) {
            expect(store.tagsOf(REPO, m.digest)).toEqual(
              everyTag
                .filter((t) => t.digest === m.digest)
                .map((t) => t.name)
                .sort(),
            );
            expect(store.listReferrers(REPO, m.digest).map((r) => r.digest)).toEqual(
              everyManifest
                .filter((r) => r.subject === m.digest)
                .map((r) => r.digest)
                .sort(),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MemoryRegistryStore listing pages', () => {
  test('equal update times (a restored snapshot) are ordered by key in both time orders', () => {
    const source = new MemoryRegistryStore();
    for (const t of ['c', 'a', 'b', 'd']) storeBuilt(source, REPO, images[0]!, t);
    const snapshot = source.toSnapshot();
    const times: Record<string, number> = { a: 5_000, b: 5_000, c: 5_000, d: 9_000 };
    for (const repo of snapshot.repositories)
      repo.tags = repo.tags.map((t) => ({ ...t, lastUpdateMs: times[t.name]! }));
    const store = MemoryRegistryStore.fromSnapshot(snapshot, () => undefined);
    const names = (order: ListingOrder, last?: string): string[] =>
      store.pageTags(REPO, { order, n: 10, ...(last ? { last } : {}) }).items.map((t) => t.name);
    expect(names('timeasc')).toEqual(['a', 'b', 'c', 'd']);
    expect(names('timedesc')).toEqual(['d', 'a', 'b', 'c']);
    expect(names('timedesc', 'a')).toEqual(['b', 'c']);
    expect(names('timeasc', 'c')).toEqual(['d']);
  });

  test('a moved tag leaves its old place in the time orders and its old digest', () => {
    const store = new MemoryRegistryStore();
    storeBuilt(store, REPO, images[0]!, 'x');
    storeBuilt(store, REPO, images[1]!, 'y');
    store.setTag(REPO, 'x', images[1]!.digest);
    const order = (o: ListingOrder): string[] =>
      store.pageTags(REPO, { order: o, n: 10 }).items.map((t) => t.name);
    expect(order('timeasc')).toEqual(['y', 'x']);
    expect(order('timedesc')).toEqual(['x', 'y']);
    expect(store.tagsOf(REPO, images[0]!.digest)).toEqual([]);
    expect(store.tagsOf(REPO, images[1]!.digest)).toEqual(['x', 'y']);
    expect(store.pageTags(REPO, { order: 'key', n: 10, digest: images[0]!.digest }).items).toEqual([]);
  });
});
