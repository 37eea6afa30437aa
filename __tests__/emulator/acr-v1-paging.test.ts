import { beforeAll, describe, expect, test } from '@jest/globals';
import { buildImage, startEmulator, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { acrPath, get } from './support/registry-calls.js';

describe('/acr/v1 listings: n, last, orderby, digest, Link', () => {
  const emu = withEmulator({ seed: false });
  const repo = 'paging/repo';
  const first = buildImage({ files: { f: 'one\n' } });
  const second = buildImage({ files: { f: 'two\n' } });

  beforeAll(() => {
    // Pushed in this order: b, c (first image), then a (second image), then b moves to the second image.
    storeBuilt(emu.store, repo, first, 'b');
    storeBuilt(emu.store, repo, first, 'c');
    storeBuilt(emu.store, repo, second, 'a');
    emu.store.setTag(repo, 'b', second.digest);
  });

  const names = async (path: string): Promise<{ names: string[]; link: string | undefined }> => {
    const reply = await get(emu, path);
    expect(reply.status).toBe(200);
    const body = reply.json() as { tags: Array<{ name: string }> };
    return { names: body.tags.map((t) => t.name), link: reply.headers.link as string | undefined };
  };

  test('default order is by name; Link carries last, n and an empty orderby', async () => {
    expect(await names(acrPath(repo, '/_tags'))).toEqual({ names: ['a', 'b', 'c'], link: undefined });
    const page = await names(acrPath(repo, '/_tags?n=2'));
    expect(page).toEqual({
      names: ['a', 'b'],
      link: '</acr/v1/paging%2Frepo/_tags?last=b&n=2&orderby=>; rel="next"',
    });
    expect(await names(acrPath(repo, '/_tags?last=b&n=2&orderby='))).toEqual({
      names: ['c'],
      link: undefined,
    });
  });

  test('timedesc and timeasc order by last update; paging follows that order', async () => {
    expect((await names(acrPath(repo, '/_tags?orderby=timedesc'))).names).toEqual(['b', 'a', 'c']);
    expect((await names(acrPath(repo, '/_tags?orderby=timeasc'))).names).toEqual(['c', 'a', 'b']);
    const page = await names(acrPath(repo, '/_tags?orderby=timedesc&n=1'));
    expect(page).toEqual({
      names: ['b'],
      link: '</acr/v1/paging%2Frepo/_tags?last=b&n=1&orderby=timedesc>; rel="next"',
    });
    expect((await names(acrPath(repo, '/_tags?orderby=timedesc&n=1&last=b'))).names).toEqual(['a']);
  });

  test('the digest filter', async () => {
    const path = acrPath(repo, `/_tags?digest=${encodeURIComponent(second.digest)}&n=1`);
    const page = await names(path);
    expect(page.names).toEqual(['a']);
    expect(page.link).toBe(
      `</acr/v1/paging%2Frepo/_tags?last=a&n=1&orderby=&digest=${encodeURIComponent(second.digest)}>; rel="next"`,
    );
  });

  test('manifests: by digest by default, by time on request, tags listed per manifest', async () => {
    const reply = await get(emu, acrPath(repo, '/_manifests'));
    const body = reply.json() as { manifests: Array<{ digest: string; tags?: string[] }> };
    expect(body.manifests.map((m) => m.digest)).toEqual([first.digest, second.digest].sort());
    const byDigest = Object.fromEntries(body.manifests.map((m) => [m.digest, m.tags]));
    expect(byDigest[first.digest]).toEqual(['c']);
    expect(byDigest[second.digest]).toEqual(['a', 'b']);
    const asc = (await get(emu, acrPath(repo, '/_manifests?orderby=timeasc'))).json() as {
      manifests: Array<{ digest: string }>;
    };
    expect(asc.manifests.map((m) => m.digest)).toEqual([first.digest, second.digest]);
    const page = await get(emu, acrPath(repo, '/_manifests?n=1'));
    expect(page.headers.link).toMatch(
      /^<\/acr\/v1\/paging%2Frepo\/_manifests\?last=sha256%3A[0-9a-f]{64}&n=1&orderby=>; rel="next"$/,
    );
  });

  test('list-disabled items at page boundaries: pages hold n listed items, Link only when more are listed', async () => {
    const hidden = 'paging/hidden';
    const image = buildImage({ files: { f: 'hidden\n' } });
    // Pushed a..h in this order; c, f and h are list-disabled (h is the last by name and by time).
    for (const t of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) storeBuilt(emu.store, hidden, image, t);
    for (const t of ['c', 'f', 'h']) emu.store.updateTagAttributes(hidden, t, { listEnabled: false });
    const walk = async (first: string): Promise<string[][]> => {
      const pages: string[][] = [];
      for (let path: string | undefined = first; path !== undefined;) {
        const reply = await get(emu, path);
        const body = reply.json() as { tags: Array<{ name: string } | string> };
        pages.push(body.tags.map((t) => (typeof t === 'string' ? t : t.name)));
        path = /^<([^>]+)>; rel="next"$/.exec((reply.headers.link as string | undefined) ?? '')?.[1];
      }
      return pages;
    };
    expect(await walk(acrPath(hidden, '/_tags?n=2'))).toEqual([['a', 'b'], ['d', 'e'], ['g']]);
    expect(await walk(acrPath(hidden, '/_tags?n=2&orderby=timedesc'))).toEqual([
      ['g', 'e'],
      ['d', 'b'],
      ['a'],
    ]);
    expect(await walk(acrPath(hidden, '/_tags?n=3&orderby=timeasc'))).toEqual([
      ['a', 'b', 'd'],
      ['e', 'g'],
    ]);
    expect(await walk(`/v2/${hidden}/tags/list?n=4`)).toEqual([['a', 'b', 'd', 'e'], ['g']]);
    // A full page followed by hidden tags only is the last one.
    expect(await walk(acrPath(hidden, '/_tags?n=5'))).toEqual([['a', 'b', 'd', 'e', 'g']]);
    expect(await walk(`/v2/${hidden}/tags/list?n=5`)).toEqual([['a', 'b', 'd', 'e', 'g']]);
    // A cursor on a hidden tag: by name the page goes on after it, by time it is empty.
    expect(await walk(acrPath(hidden, '/_tags?n=2&last=c'))).toEqual([['d', 'e'], ['g']]);
    expect(await walk(acrPath(hidden, '/_tags?n=2&last=c&orderby=timeasc'))).toEqual([[]]);
    expect((await get(emu, acrPath(hidden, ''))).json()).toMatchObject({ tagCount: 8, manifestCount: 1 });
  });

  test('unknown repository and bad page size', async () => {
    expect((await get(emu, acrPath('no/such', '/_tags'))).status).toBe(404);
    expect((await get(emu, acrPath(repo, '/_tags?n=abc'))).status).toBe(400);
  });
});

describe('the largest page size: refused above it by default, or capped', () => {
  const refusing = withEmulator({ seed: false, maxPageSize: 2 });
  const capping = withEmulator({ seed: false, maxPageSize: 2, oversizedPage: 'cap' });
  const repo = 'sized/repo';

  beforeAll(() => {
    for (const emu of [refusing, capping]) {
      const image = buildImage({ files: { f: 'sized\n' } });
      storeBuilt(emu.store, repo, image, 'a');
      for (const t of ['b', 'c']) emu.store.setTag(repo, t, image.digest);
      storeBuilt(emu.store, 'sized/other', buildImage({ files: { f: 'other\n' } }), 'x');
      storeBuilt(emu.store, 'sized/third', buildImage({ files: { f: 'third\n' } }), 'y');
    }
  });

  const LISTINGS = [
    acrPath(repo, '/_tags'),
    acrPath(repo, '/_manifests'),
    '/acr/v1/_catalog',
    '/v2/_catalog',
    `/v2/${repo}/tags/list`,
  ];

  test.each(LISTINGS)(
    '%s: n above the maximum is 400 PAGINATION_NUMBER_INVALID in ACR form',
    async (path) => {
      const reply = await get(refusing, `${path}?n=3`);
      expect(reply.status).toBe(400);
      expect(reply.json()).toEqual({
        errors: [
          {
            code: 'PAGINATION_NUMBER_INVALID',
            message: 'invalid number of results requested',
            detail: { n: '3' },
          },
        ],
      });
      expect((await get(refusing, `${path}?n=2`)).status).toBe(200);
    },
  );

  test("no n at all: a page of the maximum when it is below ACR's default of 100", async () => {
    const reply = await get(refusing, acrPath(repo, '/_tags'));
    expect((reply.json() as { tags: unknown[] }).tags).toHaveLength(2);
    expect(reply.headers.link).toBe('</acr/v1/sized%2Frepo/_tags?last=b&n=2&orderby=>; rel="next"');
  });

  test('a maximum that is not a whole number of 1 or more stops the start, naming the option', async () => {
    for (const maxPageSize of [0, 2.5])
      await expect(startEmulator({ seed: false, maxPageSize })).rejects.toThrow(
        `maxPageSize ${maxPageSize} is not a whole number of 1 or more`,
      );
  });

  test('capped: a page of the maximum, its Link carrying the n used', async () => {
    const tags = await get(capping, acrPath(repo, '/_tags?n=1000&orderby=timeasc'));
    expect((tags.json() as { tags: Array<{ name: string }> }).tags.map((t) => t.name)).toEqual(['a', 'b']);
    expect(tags.headers.link).toBe('</acr/v1/sized%2Frepo/_tags?last=b&n=2&orderby=timeasc>; rel="next"');
    const catalog = await get(capping, '/acr/v1/_catalog?n=1000');
    expect(catalog.json()).toEqual({ repositories: ['sized/other', 'sized/repo'] });
    expect(catalog.headers.link).toBe('</acr/v1/_catalog?last=sized%2Frepo&n=2>; rel="next"');
    const v2 = await get(capping, `/v2/${repo}/tags/list?n=1000`);
    expect(v2.json()).toEqual({ name: repo, tags: ['a', 'b'] });
    expect(v2.headers.link).toBe(`</v2/${repo}/tags/list?last=b&n=2>; rel="next"`);
  });
});
