import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  CheckpointError,
  advanceMark,
  checkpointMismatch,
  parseCheckpoint,
  serializeCheckpoint,
  updatedSince,
  type Checkpoint,
  type RepositoryMark,
} from '../../src/core/policy/checkpoint.js';
import type { TagListing } from '../../src/core/policy/listing.js';
import { LARGE_PAGE_SIZE, LISTING_PAGE_SIZE } from '../../src/core/policy/listing-wire.js';
import { NOW, tagListing } from './policy-fixtures.js';

/** Tags newest first, as `orderby=timedesc` lists them; ties by name. */
function timeDesc(tags: TagListing[]): TagListing[] {
  return [...tags].sort(
    (a, b) =>
      (b.lastUpdatedMs ?? 0) - (a.lastUpdatedMs ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** Reads pages until one reaches the mark, as an enforce pass does; counts the pages read. */
function pass(
  pages: TagListing[][],
  mark: RepositoryMark | undefined,
): { updated: string[]; pagesRead: number } {
  const updated: string[] = [];
  let pagesRead = 0;
  for (const page of pages) {
    pagesRead += 1;
    const result = updatedSince(page, mark);
    updated.push(...result.updated.map((t) => t.name));
    if (result.reached) break;
  }
  return { updated, pagesRead };
}

function pagesOf<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}

describe('updatedSince: an enforce pass stops at the checkpoint', () => {
  const old = Array.from({ length: 1000 }, (_, i) => tagListing(`old-${i}`, { ageMs: 10_000 + i }));

  test.each([
    [LARGE_PAGE_SIZE, 1],
    [LISTING_PAGE_SIZE, 2],
  ])(
    '100 new tags over 1,000 old ones, pages of %i: %i page(s) read, the 100 new tags found',
    (size, read) => {
      const mark = advanceMark(undefined, old);
      const fresh = Array.from({ length: 100 }, (_, i) => tagListing(`new-${i}`, { ageMs: 100 + i }));
      const { updated, pagesRead } = pass(pagesOf(timeDesc([...old, ...fresh]), size), mark);
      expect(updated.sort()).toEqual(fresh.map((t) => t.name).sort());
      expect(pagesRead).toBe(read);
    },
  );

  test('nothing new: one page read, nothing updated', () => {
    const mark = advanceMark(undefined, old);
    expect(pass(pagesOf(timeDesc(old), 100), mark)).toEqual({ updated: [], pagesRead: 1 });
  });

  test('no checkpoint: every tag of every page (the first pass is a full sweep)', () => {
    const { updated, pagesRead } = pass(pagesOf(timeDesc(old), 100), undefined);
    expect(updated).toHaveLength(1000);
    expect(pagesRead).toBe(10);
  });

  test('a tag re-pushed (moved) since the mark is new again', () => {
    const mark = advanceMark(undefined, old);
    const moved = { ...old[500]!, lastUpdatedMs: NOW };
    const listing = timeDesc([...old.filter((t) => t.name !== 'old-500'), moved]);
    expect(pass(pagesOf(listing, 100), mark).updated).toEqual(['old-500']);
  });

  test('a tag updated at the very instant of the mark, not handled then, is new', () => {
    const at = NOW - 5000;
    const mark = advanceMark(undefined, [{ ...tagListing('a'), lastUpdatedMs: at }]);
    const page = [
      { ...tagListing('b'), lastUpdatedMs: at },
      { ...tagListing('a'), lastUpdatedMs: at },
      { ...tagListing('c'), lastUpdatedMs: at - 1 },
    ];
    expect(updatedSince(page, mark)).toEqual({ updated: [page[0]], reached: true });
    expect(advanceMark(mark, [page[0]!])).toEqual({ newestMs: at, namesAtNewest: ['a', 'b'] });
  });

  test('property: the pass finds exactly the tags after the mark, however the pages fall', () => {
    const listing = fc
      .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,3}$/), fc.integer({ min: 0, max: 50 })), {
        selector: ([name]) => name,
        maxLength: 60,
      })
      .map((items) => items.map(([name, t]) => ({ ...tagListing(name), lastUpdatedMs: t })));
    fc.assert(
      fc.property(
        listing,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        (tags, cut, size) => {
          const sorted = timeDesc(tags);
          // The previous pass handled the oldest `cut` tags (a suffix of the newest-first order).
          const handled = sorted.slice(Math.max(0, sorted.length - cut));
          const mark = advanceMark(undefined, handled);
          const expected = sorted.filter((t) => !handled.includes(t)).map((t) => t.name);
          const { updated } = pass(pagesOf(sorted, size), mark);
          expect(updated.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('the checkpoint file', () => {
  const checkpoint: Checkpoint = {
    version: 1,
    loginServer: 'myreg.azurecr.io',
    policyDigest: 'sha256:abc',
    repositories: {
      web: { newestMs: Date.parse('2026-11-30T11:00:00.123Z'), namesAtNewest: ['v2'] },
      app: { newestMs: Date.parse('2026-11-30T10:00:00Z'), namesAtNewest: ['a', 'b'] },
    },
  };

  test('is versioned JSON, repositories sorted, times in ISO 8601', () => {
    expect(serializeCheckpoint(checkpoint)).toBe(
      `${JSON.stringify(
        {
          version: 1,
          loginServer: 'myreg.azurecr.io',
          policyDigest: 'sha256:abc',
          repositories: {
            app: { newest: '2026-11-30T10:00:00.000Z', tagsAtNewest: ['a', 'b'] },
            web: { newest: '2026-11-30T11:00:00.123Z', tagsAtNewest: ['v2'] },
          },
        },
        null,
        2,
      )}\n`,
    );
    expect(parseCheckpoint(serializeCheckpoint(checkpoint), 'cp.json')).toEqual(checkpoint);
  });

  test.each([
    ['{', 'Checkpoint cp.json: not JSON: '],
    ['[]', 'Checkpoint cp.json: not a JSON object'],
    ['{"version":2}', 'Checkpoint cp.json: version 2 is not 1: delete the file to start with a full sweep'],
    ['{"version":1,"policyDigest":"x","repositories":{}}', 'loginServer is not a non-empty string'],
    ['{"version":1,"loginServer":"r","policyDigest":"x","repositories":[]}', 'repositories is not an object'],
    [
      '{"version":1,"loginServer":"r","policyDigest":"x","repositories":{"a":{"newest":"yesterday","tagsAtNewest":[]}}}',
      'repositories.a.newest is not an ISO 8601 time',
    ],
    [
      '{"version":1,"loginServer":"r","policyDigest":"x","repositories":{"a":{"newest":"2026-01-01T00:00:00Z","tagsAtNewest":[1]}}}',
      'repositories.a.tagsAtNewest is not a list of tag names',
    ],
  ])('%s is refused', (text, message) => {
    expect(() => parseCheckpoint(text, 'cp.json')).toThrow(CheckpointError);
    expect(() => parseCheckpoint(text, 'cp.json')).toThrow(message);
  });

  test('property: any text gives a checkpoint or a CheckpointError; a checkpoint round-trips', () => {
    const json = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .record({
          version: fc.constantFrom(1, 2, '1'),
          loginServer: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()),
          policyDigest: fc.string({ maxLength: 10 }),
          repositories: fc.dictionary(
            fc.oneof(fc.string({ maxLength: 6 }), fc.constant('__proto__')),
            fc.record({
              newest: fc.oneof(
                fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
                fc.string(),
              ),
              tagsAtNewest: fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 2 }),
            }),
          ),
        })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(json, (text) => {
        let parsed: Checkpoint;
        try {
          parsed = parseCheckpoint(text, 'cp.json');
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
          return;
        }
        expect(parseCheckpoint(serializeCheckpoint(parsed), 'cp.json')).toEqual(parsed);
        expect(Object.getPrototypeOf(parsed.repositories)).toBe(Object.prototype);
      }),
      { numRuns: 1000 },
    );
  });

  test('another registry or another policy means a full sweep, and says why', () => {
    expect(
      checkpointMismatch(checkpoint, { loginServer: 'myreg.azurecr.io', policyDigest: 'sha256:abc' }),
    ).toBe(undefined);
    expect(
      checkpointMismatch(checkpoint, { loginServer: 'other.azurecr.io', policyDigest: 'sha256:abc' }),
    ).toBe('it was made for myreg.azurecr.io, not other.azurecr.io');
    expect(
      checkpointMismatch(checkpoint, { loginServer: 'myreg.azurecr.io', policyDigest: 'sha256:def' }),
    ).toBe('the policy has changed since it was made');
  });
});
