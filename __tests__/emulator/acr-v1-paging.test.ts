import { beforeAll, describe, expect, test } from '@jest/globals';
import { buildImage, storeBuilt } from '../../src/emulator/index.js';
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

  test('unknown repository and bad page size', async () => {
    expect((await get(emu, acrPath('no/such', '/_tags'))).status).toBe(404);
    expect((await get(emu, acrPath(repo, '/_tags?n=abc'))).status).toBe(400);
  });
});
