// The audit's compact index of one repository: what goes in comes out the same (names, digests,
// attributes, times, a manifest's tags and children), and the cross-references are the listings' own.
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DigestTable } from '../../src/core/policy/digest-table.js';
import type { ManifestListing, TagListing } from '../../src/core/policy/listing.js';
import { NameList } from '../../src/core/policy/name-list.js';
import { RepositoryIndex } from '../../src/core/policy/repository-index.js';
import { LOCKED, digestOf, manifestListing, tagListing } from './policy-fixtures.js';

const sha256 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `sha256:${Buffer.from(bytes).toString('hex')}`);
/** Forms kept as given: another algorithm, upper-case hex, anything a registry might send. */
const otherDigest = fc.oneof(
  fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => `sha512:${Buffer.from(b).toString('hex')}`),
  sha256.map((d) => d.toUpperCase()),
  fc.string({ minLength: 1 }),
);

describe('DigestTable', () => {
  test('interns each digest once and gives it back as it was, in every form', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(sha256, sha256, otherDigest), { maxLength: 400 }),
        // The room made at first, whether it is too little or too much.
        fc.option(fc.nat(1000), { nil: undefined }),
        (digests, expected) => {
          const table = new DigestTable(expected);
          const ids = digests.map((d) => table.intern(d));
          expect(table.size).toBe(new Set(digests).size);
          digests.forEach((digest, i) => {
            expect(table.text(ids[i] ?? -1)).toBe(digest);
            expect(table.find(digest)).toBe(ids[i]);
            expect(table.intern(digest)).toBe(ids[i]);
          });
          expect(table.find(digestOf('never interned'))).toBe(-1);
        },
      ),
    );
  });

  test('digests sharing their first bytes (the hash) are told apart', () => {
    const table = new DigestTable();
    const alike = Array.from(
      { length: 300 },
      (_, i) => `sha256:${'ab'.repeat(31)}${i.toString(16).padStart(4, '0')}`,
    );
    const ids = alike.map((d) => table.intern(d));
    expect(new Set(ids).size).toBe(300);
    alike.forEach((digest, i) => expect(table.find(digest)).toBe(ids[i]));
  });
});

describe('NameList', () => {
  test('gives every name back as it was added, Latin-1 or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), { maxLength: 200 }),
        fc.option(fc.nat(500), { nil: undefined }),
        (names, expected) => {
          const list = new NameList(expected);
          names.forEach((name, i) => expect(list.add(name)).toBe(i));
          expect(list.length).toBe(names.length);
          names.forEach((name, i) => expect(list.get(i)).toBe(name));
        },
      ),
    );
  });

  test('a name longer than one decoding run', () => {
    const list = new NameList();
    const long = 'é'.repeat(10_000);
    list.add('a');
    list.add(long);
    expect(list.get(1)).toBe(long);
    expect(() => list.get(2)).toThrow(RangeError);
  });
});

describe('RepositoryIndex', () => {
  // The registry's counts only decide the room made at first: none, exact, swapped, too few, or absurd.
  test.each([
    ['no counts', undefined],
    ['exact counts', { tags: 251, manifests: 120 }],
    ['swapped counts', { tags: 120, manifests: 251 }],
    ['too few', { tags: 3, manifests: 0 }],
    ['absurd counts', { tags: 1e15, manifests: Number.NaN }],
  ])('hands tags and manifests back as listed, page after page (%s)', (_case, counts) => {
    const index = new RepositoryIndex('app', undefined, counts);
    const tags: TagListing[] = Array.from({ length: 250 }, (_, i) =>
      tagListing(`v${i}`, {
        digest: digestOf(`m${i % 120}`),
        ...(i % 4 === 0 ? { attributes: LOCKED } : {}),
      }),
    );
    const untimed: TagListing = {
      repository: 'app',
      name: 'untimed',
      digest: 'sha512:abc',
      attributes: LOCKED,
    };
    const manifests: ManifestListing[] = Array.from({ length: 120 }, (_, i) =>
      manifestListing(digestOf(`m${i}`), {
        tags: tags.filter((t) => t.digest === digestOf(`m${i}`)).map((t) => t.name),
        ...(i === 7 ? { children: [digestOf('m8'), digestOf('absent')] } : {}),
        ...(i % 3 === 0 ? { attributes: LOCKED } : {}),
      }),
    );
    for (let at = 0; at < tags.length; at += 100) index.addTags(tags.slice(at, at + 100));
    index.addTags([untimed]);
    for (let at = 0; at < manifests.length; at += 100) index.addManifests(manifests.slice(at, at + 100));

    expect(index.tagCount).toBe(251);
    expect(index.manifestCount).toBe(120);
    expect(Array.from({ length: 250 }, (_, t) => index.tag(t))).toEqual(tags);
    expect(index.tag(250)).toEqual(untimed);
    expect(Array.from({ length: 120 }, (_, m) => index.manifest(m))).toEqual(
      manifests.map(({ lastUpdatedMs: _, ...m }) => m),
    );
    expect(index.childCount(7)).toBe(2);
    expect(index.manifestOf(digestOf('m8'))).toBe(8);
    expect(index.manifestOf(digestOf('absent'))).toBe(-1);
    expect(index.manifestOfTag(250)).toBe(-1);
    expect(index.manifestOfTag(121)).toBe(1);
    // v1, v121 and v241 point at m1, in listing order.
    expect(index.tagsOf(1)).toEqual([1, 121, 241]);
    expect(index.tagsOf(119)).toEqual([119, 239]);
    // More tags after the grouping: it is made again.
    index.addTags([tagListing('late', { digest: digestOf('m119') })]);
    expect(index.tagsOf(119)).toEqual([119, 239, 251]);
  });
});
