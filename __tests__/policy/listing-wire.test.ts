import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { listingBatches } from '../../src/core/policy/listing-items.js';
import {
  CATALOG_LISTING,
  ListingFormatError,
  manifestListingKind,
  nextPageUrl,
  pageSizeOf,
  refusesPageSize,
  tagListingKind,
  withPageSize,
  type ListingKind,
} from '../../src/core/policy/listing-wire.js';
import { loadRecordings, type RecordedEntry } from '../emulator/support/reference-data.js';

/** Every item of a body (a value, or its text as sent), read in batches as the client reads a page. */
function itemsOf<T>(body: unknown, kind: ListingKind<T>): T[] {
  return [...listingBatches(typeof body === 'string' ? body : JSON.stringify(body), kind, 100)].flat();
}

const parseTagListBody = (body: unknown, repository: string) => itemsOf(body, tagListingKind(repository));
const parseManifestListBody = (body: unknown, repository: string) =>
  itemsOf(body, manifestListingKind(repository));
const parseCatalogBody = (body: unknown) => itemsOf(body, CATALOG_LISTING);

/** The recorded 200 answers to one listing, in order, as the SDK followed their `Link`s. */
function listingPages(recording: string, path: string): RecordedEntry[] {
  const found = loadRecordings().find((r) => r.name.endsWith(recording));
  if (!found) throw new Error(`no recording ${recording}`);
  return found.entries.filter(
    (e) => e.StatusCode === 200 && e.RequestMethod === 'GET' && e.RequestUri.includes(path),
  );
}

const header = (entry: RecordedEntry, name: string): string | undefined => {
  const value = entry.ResponseHeaders[name];
  return Array.isArray(value) ? value[0] : value;
};

describe('listing bodies as a real registry sends them (SDK recordings)', () => {
  test('tags by pages: items parsed, each Link is the next request the SDK made', () => {
    const pages = listingPages('recording_should_list_tags_by_pages.json', '/_tags');
    expect(pages.length).toBeGreaterThan(1);
    const first = parseTagListBody(pages[0]!.ResponseBody, 'library/hello-world');
    expect(first).toEqual([
      {
        repository: 'library/hello-world',
        name: 'Sanitized',
        digest: 'sha256:d1b0b5888fbb59111dbf2b3ed698489c41046cb9d6d61743e37ef8d9f3dda06f',
        lastUpdatedMs: Date.parse('2024-06-20T20:46:33.423Z'),
        attributes: { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true },
      },
    ]);
    for (let i = 0; i + 1 < pages.length; i += 1) {
      const next = nextPageUrl(header(pages[i]!, 'Link'), 'Sanitized.azurecr.io');
      const requested = new URL(pages[i + 1]!.RequestUri);
      expect(next?.pathname).toBe(requested.pathname);
      expect(next?.searchParams.get('last')).toBe(requested.searchParams.get('last'));
      expect(next?.searchParams.get('n')).toBe(requested.searchParams.get('n'));
    }
  });

  test('manifests by pages: digests and references parsed; Links followed', () => {
    const pages = listingPages('recording_should_list_registry_manifests_by_pages.json', '/_manifests');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const items = parseManifestListBody(page.ResponseBody, 'library/hello-world');
      const body = page.ResponseBody as { manifests: Array<{ digest: string; references?: unknown[] }> };
      expect(items.map((m) => m.digest)).toEqual(body.manifests.map((m) => m.digest));
      items.forEach((m, i) => expect(m.children).toHaveLength(body.manifests[i]!.references?.length ?? 0));
    }
    const next = nextPageUrl(header(pages[0]!, 'Link'), 'Sanitized.azurecr.io');
    expect(next?.searchParams.get('last')).toBe(new URL(pages[1]!.RequestUri).searchParams.get('last'));
  });
});

const ATTRIBUTES = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };
const tagItem = (name: string) => ({
  name,
  digest: 'sha256:1',
  lastUpdateTime: '2024-06-20T20:46:33.4230000Z',
  changeableAttributes: ATTRIBUTES,
});

describe('listing wire format', () => {
  test('an empty page may leave its list out', () => {
    expect(parseTagListBody({ registry: 'r', imageName: 'app' }, 'app')).toEqual([]);
    expect(parseCatalogBody({})).toEqual([]);
    expect(parseCatalogBody({ repositories: ['a', 'b/c'] })).toEqual(['a', 'b/c']);
  });

  test.each([
    [null, 'app tag listing: the body is not a JSON object'],
    [[], 'app tag listing: the body is not a JSON object'],
    [{ tags: {} }, "app tag listing: 'tags' is not a list"],
    [{ tags: 5 }, "app tag listing: 'tags' is not a list"],
    [{ tags: [{ digest: 'sha256:1' }] }, "app tag listing, item 1: 'name' is not a string"],
    [{ tags: [{ name: 'v1', digest: 'sha256:1' }] }, 'app tag listing, item 1: no changeableAttributes'],
    [
      { tags: [{ name: 'v1', digest: 'sha256:1', changeableAttributes: { writeEnabled: 'no' } }] },
      'app tag listing, item 1: changeableAttributes.writeEnabled is not a boolean',
    ],
  ])('%j is refused: %s', (body, message) => {
    expect(() => parseTagListBody(body, 'app')).toThrow(new ListingFormatError(message));
  });

  test.each([
    ['', /^app tag listing: not JSON: /],
    ['<html>busy</html>', /^app tag listing: not JSON: /],
    ['{"tags":[{"name":"v1"', /^app tag listing: not JSON: its 'tags' list does not end$/],
    ['{"tags":[{"name":"v1"}}', /^app tag listing: not JSON: its 'tags' list does not end$/],
    ['{"tags":[]} {"tags":[]}', /^app tag listing: not JSON: /],
    ['{"tags":[1,,2]}', /^app tag listing: not JSON: /],
    ['{"tags":[1,2,]}', /^app tag listing: not JSON: /],
  ])('a body that is not one JSON value is refused: %s', (text, message) => {
    expect(() => parseTagListBody(text, 'app')).toThrow(ListingFormatError);
    expect(() => parseTagListBody(text, 'app')).toThrow(message);
  });

  test("only the body's own key is the list: the same key inside an item, a string or another field is not", () => {
    const body =
      '{"registry":"r, \\"tags\\": [", "other": {"tags": 5}, "tags" : [' +
      JSON.stringify(tagItem('v1, ]}')) +
      ' , ' +
      JSON.stringify({ ...tagItem('v2'), tags: {} }) +
      '], "after": [{"tags": "x"}]}';
    expect(parseTagListBody(body, 'app').map((t) => t.name)).toEqual(['v1, ]}', 'v2']);
  });

  test('items come in batches of 100; a list written with its key escaped is read whole', () => {
    const names = Array.from({ length: 250 }, (_, i) => `v${i}-é-😀`);
    const body = JSON.stringify({ tags: names.map((name) => tagItem(name)) });
    const batches = [...listingBatches(body, tagListingKind('app'), 100)];
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((t) => t.name)).toEqual(names);
    const escaped = body.replace('"tags"', '"t\\u0061gs"');
    const whole = [...listingBatches(escaped, tagListingKind('app'), 100)];
    expect(whole.map((b) => b.length)).toEqual([250]);
    expect(whole.flat().map((t) => t.name)).toEqual(names);
  });

  test('property: a list of any JSON items, cut in batches, reads as JSON.parse reads it whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(0, 2),
        (items, batch, indent) => {
          const text = JSON.stringify(
            { before: items[0] ?? null, values: items, after: items },
            null,
            indent,
          );
          const kind: ListingKind<unknown> = { key: 'values', what: 'x', toItem: (raw) => raw };
          const batches = [...listingBatches(text, kind, batch)];
          expect(batches.flat()).toEqual((JSON.parse(text) as { values: unknown[] }).values);
          expect(batches.every((b, i) => b.length === batch || i === batches.length - 1)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('Link: the next page on the same registry, nothing on the last page, another host refused', () => {
    expect(nextPageUrl(undefined, 'r.azurecr.io')).toBeUndefined();
    expect(
      nextPageUrl('</acr/v1/app/_tags?last=v2&n=100&orderby=timedesc>; rel="next"', 'r.azurecr.io')?.href,
    ).toBe('https://r.azurecr.io/acr/v1/app/_tags?last=v2&n=100&orderby=timedesc');
    expect(
      nextPageUrl('<https://r.azurecr.io/acr/v1/_catalog?last=b>; rel=next', 'r.azurecr.io')?.search,
    ).toBe('?last=b');
    expect(nextPageUrl('</x>; rel="prev"', 'r.azurecr.io')).toBeUndefined();
    expect(() => nextPageUrl('<https://evil.example/acr/v1/_catalog>; rel="next"', 'r.azurecr.io')).toThrow(
      'the Link header points at https://evil.example, not r.azurecr.io',
    );
    expect(() => nextPageUrl('<//evil.example/x>; rel="next"', 'r.azurecr.io')).toThrow(ListingFormatError);
  });

  test.each([
    [400, '/acr/v1/app/_tags?n=1000&orderby=timedesc', true],
    [400, '/acr/v1/_catalog?n=101', true],
    [400, '/acr/v1/app/_tags?n=100', false],
    [400, '/acr/v1/app/_tags', false],
    [404, '/acr/v1/app/_tags?n=1000', false],
    [429, '/acr/v1/app/_tags?n=1000', false],
    [500, '/acr/v1/app/_tags?n=1000', false],
  ])('a %i to %s refuses the page size: %s', (status, path, refused) => {
    expect(refusesPageSize(status, path)).toBe(refused);
  });

  test('the same request at another page size: path and other parameters unchanged', () => {
    const next = '/acr/v1/team%2Fapp/_manifests?last=sha256%3Aab&n=1000&orderby=timedesc';
    expect(pageSizeOf(next)).toBe(1000);
    expect(withPageSize(next, 100)).toBe(
      '/acr/v1/team%2Fapp/_manifests?last=sha256%3Aab&n=100&orderby=timedesc',
    );
    expect(withPageSize('/acr/v1/_catalog', 100)).toBe('/acr/v1/_catalog?n=100');
    expect(pageSizeOf('/acr/v1/_catalog?n=ten')).toBeUndefined();
  });

  test('property: any JSON body or Link header gives items or a ListingFormatError, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ maxLength: 60 }), (body, link) => {
        for (const parse of [
          () => parseTagListBody(body, 'app'),
          () => parseTagListBody({ tags: [body] }, 'app'),
          () => parseManifestListBody(body, 'app'),
          () => parseManifestListBody({ manifests: [body] }, 'app'),
          () => parseCatalogBody(body),
          () => nextPageUrl(link, 'r.azurecr.io'),
          () => nextPageUrl(`<${link}>; rel="next"`, 'r.azurecr.io'),
        ]) {
          try {
            parse();
          } catch (error) {
            expect(error).toBeInstanceOf(ListingFormatError);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('an index in a manifest listing (the emulator writes what ACR documents)', () => {
  test('its references are its children; its tags are listed', () => {
    const [index] = parseManifestListBody(
      {
        manifests: [
          {
            digest: 'sha256:i',
            lastUpdateTime: '2024-06-20T22:44:25.6284321Z',
            mediaType: 'application/vnd.oci.image.index.v1+json',
            tags: ['v1', 'latest'],
            changeableAttributes: {
              deleteEnabled: false,
              writeEnabled: false,
              readEnabled: true,
              listEnabled: true,
            },
            references: [
              { digest: 'sha256:a', architecture: 'amd64', os: 'linux' },
              { digest: 'sha256:b', architecture: 'arm64', os: 'linux' },
            ],
          },
        ],
      },
      'app',
    );
    expect(index).toEqual({
      repository: 'app',
      digest: 'sha256:i',
      attributes: { writeEnabled: false, deleteEnabled: false, readEnabled: true, listEnabled: true },
      tags: ['v1', 'latest'],
      children: ['sha256:a', 'sha256:b'],
      lastUpdatedMs: Date.parse('2024-06-20T22:44:25.628Z'),
    });
  });
});
