// The listing page sizes with the real adapter over HTTPS against the emulator: pages of 1,000 in
// every order, handed to the runners 100 items at a time, and the three ways a registry may treat a
// large `n`: it accepts it, refuses it (400 PAGINATION_NUMBER_INVALID), or caps it silently (fewer
// items and a `Link`). Requests and the `n` each asked are read from the emulator's request log.
import { describe, expect, test } from '@jest/globals';
import { SdkRegistryClient } from '../../src/acr/sdk-registry-client.js';
import { RegistryError } from '../../src/core/errors.js';
import { DEFAULT_ATTRIBUTES } from '../../src/core/model/attributes.js';
import type { ListingOrder } from '../../src/core/policy/listing-port.js';
import { LARGE_PAGE_SIZE, LISTING_BATCH, LISTING_PAGE_SIZE } from '../../src/core/policy/listing-wire.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';
import { runEnforce } from '../../src/core/policy/run-enforce.js';
import { buildImage, storeBuilt, type RunningEmulator } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';

function clientOf(emu: RunningEmulator): SdkRegistryClient {
  return new SdkRegistryClient({
    loginServer: emu.loginServer,
    tokenSource: { kind: 'password', ...emu.admin },
    access: 'write',
    caCertPem: emu.caCertPem,
    transport: { maxRetries: 0 },
  });
}

/** `count` tags `t0…` in `repository`, all on one image (listing cost does not depend on images). */
function seedTags(emu: RunningEmulator, repository: string, count: number): string[] {
  const image = buildImage({ files: { repository } });
  storeBuilt(emu.store, repository, image);
  const names = Array.from({ length: count }, (_, i) => `t${i}`);
  for (const name of names) emu.store.setTag(repository, name, image.digest);
  return names;
}

/** Every batch of a tag listing, as the runners read them: the number of items in each. */
async function tagPages(client: SdkRegistryClient, repository: string, order: ListingOrder = 'name') {
  const names: string[] = [];
  const sizes: number[] = [];
  for await (const page of client.listTagPages(repository, order)) {
    sizes.push(page.length);
    names.push(...page.map((t) => t.name));
  }
  return { names, sizes };
}

/** Listing requests the emulator answered: `[status, listing, n asked]` in order. */
const listings = (emu: RunningEmulator) =>
  emu.requestLog
    .filter((e) => e.kind === 'read' && /\/(_tags|_manifests|_catalog)$/.test(e.path))
    .map((e) => [e.status, e.path.replace(/^.*\//, ''), Number(new URLSearchParams(e.query).get('n'))]);

/** `count` times the same listing request. */
const times = (count: number, request: readonly unknown[]) => Array.from({ length: count }, () => request);

const sorted = (names: readonly string[]) => [...names].sort();

/** `count` repositories `r0…`, one tagged image each; every repository name in the store, sorted. */
function seedRepositories(emu: RunningEmulator, count: number): string[] {
  for (let i = 0; i < count; i += 1)
    storeBuilt(emu.store, `r${i}`, buildImage({ files: { r: String(i) } }), 'v');
  return sorted(emu.store.listRepositories());
}

/** Every batch of the catalog: the number of names in each, and the names. */
async function catalogPages(client: SdkRegistryClient) {
  const names: string[] = [];
  const sizes: number[] = [];
  for await (const page of client.listRepositoryPages()) {
    sizes.push(page.length);
    names.push(...page);
  }
  return { names, sizes };
}

describe('a registry that accepts the large page (the emulator by default)', () => {
  const emu = withEmulator({ seed: false });

  test(`2,500 tags in pages of ${LARGE_PAGE_SIZE}, by name and newest first: 3 requests each, ${LISTING_BATCH} items at a time, every tag once`, async () => {
    const names = seedTags(emu, 'big', 2500);
    emu.clearRequestLog();
    const client = clientOf(emu);
    const hundreds = Array.from({ length: 25 }, () => 100);
    const byName = await tagPages(client, 'big');
    expect(byName.sizes).toEqual(hundreds);
    expect(byName.names).toEqual(sorted(names));
    const newest = await tagPages(client, 'big', 'newest-first');
    expect(newest.sizes).toEqual(hundreds);
    expect(newest.names).toHaveLength(2500);
    expect(sorted(newest.names)).toEqual(sorted(names));
    expect(listings(emu)).toEqual(times(6, [200, '_tags', 1000]));
  });

  test(`the catalog asks ${LARGE_PAGE_SIZE} names a page: 150 repositories in one request`, async () => {
    const all = seedRepositories(emu, 150);
    emu.clearRequestLog();
    const { names, sizes } = await catalogPages(clientOf(emu));
    expect(sizes).toEqual([100, all.length - 100]);
    expect(names).toEqual(all);
    expect(listings(emu)).toEqual([[200, '_catalog', 1000]]);
  });

  test('a 400 of another kind to the large page is read as a refusal of its size too', async () => {
    seedTags(emu, 'odd', 150);
    emu.clearRequestLog();
    emu.faults.add({ match: { path: /\/odd\/_tags$/ }, times: 1, fault: { kind: 'status', status: 400 } });
    const { names, sizes } = await tagPages(clientOf(emu), 'odd', 'newest-first');
    expect(sizes).toEqual([100, 50]);
    expect(names).toHaveLength(150);
    expect(listings(emu)).toEqual([
      [400, '_tags', 1000],
      [200, '_tags', 100],
      [200, '_tags', 100],
    ]);
  });

  test('other refusals are not retried: a missing repository is one request, not found', async () => {
    emu.clearRequestLog();
    const error = await tagPages(clientOf(emu), 'missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, code: 'NAME_UNKNOWN' });
    expect(listings(emu)).toEqual([[404, '_tags', 1000]]);
  });

  test('the tag lookup of a lock with referrers (listTags) asks pages of 1,000 too', async () => {
    const names = seedTags(emu, 'signed', 2500);
    emu.clearRequestLog();
    const { tags, unlisted } = await clientOf(emu).listTags('signed');
    expect(sorted(tags.map((t) => t.tag))).toEqual(sorted(names));
    expect(unlisted).toBe(0);
    expect(listings(emu)).toEqual(times(3, [200, '_tags', 1000]));
  });

  test('enforce after 100 pushes on 1,100 tags reads 1 tag page and 1 manifest page', async () => {
    for (let i = 0; i < 1000; i += 1)
      storeBuilt(emu.store, 'app', buildImage({ files: { n: String(i) } }), `v${i}`);
    const policy = parsePolicy("rules: [{ repositories: app, tags: 'v*', mode: lock }]");
    const options = { concurrency: 8, loginServer: emu.loginServer, policyDigest: 'p' };
    const first = await runEnforce(clientOf(emu), policy, { ...options, nowMs: Date.now() });
    expect(first.tagsRead).toBe(1000);
    for (let i = 1000; i < 1100; i += 1)
      storeBuilt(emu.store, 'app', buildImage({ files: { n: String(i) } }), `v${i}`);
    emu.clearRequestLog();
    const next = await runEnforce(clientOf(emu), policy, {
      ...options,
      nowMs: Date.now(),
      checkpoint: first.checkpoint,
    });
    expect(next.tagsRead).toBe(100);
    expect(next.counts).toMatchObject({ changed: 200, failed: 0 });
    expect(listings(emu)).toEqual([
      [200, '_tags', 1000],
      [200, '_manifests', 1000],
    ]);
    const locked = { ...DEFAULT_ATTRIBUTES, writeEnabled: false, deleteEnabled: false };
    for (let i = 1000; i < 1100; i += 1) {
      const tag = emu.store.getTag('app', `v${i}`);
      expect(tag?.attributes).toEqual(locked);
      expect(emu.store.getManifest('app', tag?.digest ?? '')?.attributes).toEqual(locked);
    }
  });
});

describe(`a registry that refuses an n above ${LISTING_PAGE_SIZE} (maxPageSize: 100)`, () => {
  const emu = withEmulator({ seed: false, maxPageSize: 100 });

  test('the first large page is refused once and asked again at n=100; later listings ask n=100 directly', async () => {
    const names = seedTags(emu, 'app', 250);
    seedTags(emu, 'other', 120);
    emu.clearRequestLog();
    const client = clientOf(emu);

    const first = await tagPages(client, 'app', 'newest-first');
    expect(first.sizes).toEqual([100, 100, 50]);
    expect(first.names).toHaveLength(250);
    expect(sorted(first.names)).toEqual(sorted(names));

    const manifests: string[] = [];
    for await (const page of client.listManifestPages('app', 'newest-first'))
      manifests.push(...page.map((m) => m.digest));
    expect(manifests).toHaveLength(1);
    const repositories: string[] = [];
    for await (const page of client.listRepositoryPages()) repositories.push(...page);
    expect(repositories).toEqual(['app', 'other']);
    const other = await tagPages(client, 'other', 'newest-first');
    expect(other.sizes).toEqual([100, 20]);
    // Read by name too, after the refusal: 100.
    expect((await tagPages(client, 'other')).sizes).toEqual([100, 20]);

    expect(listings(emu)).toEqual([
      [400, '_tags', 1000],
      ...times(3, [200, '_tags', 100]),
      [200, '_manifests', 100],
      [200, '_catalog', 100],
      ...times(4, [200, '_tags', 100]),
    ]);
  });

  test('the tag lookup (listTags) refused once asks n=100, and follows the Links at 100', async () => {
    const names = seedTags(emu, 'looked-up', 250);
    emu.clearRequestLog();
    const { tags } = await clientOf(emu).listTags('looked-up');
    expect(sorted(tags.map((t) => t.tag))).toEqual(sorted(names));
    expect(listings(emu)).toEqual([[400, '_tags', 1000], ...times(3, [200, '_tags', 100])]);
  });

  test('a run that lists the catalog first (as the runners do): refused once there, tags then ask n=100', async () => {
    const all = seedRepositories(emu, 150);
    seedTags(emu, 'late', 150);
    emu.clearRequestLog();
    const client = clientOf(emu);
    const catalog = await catalogPages(client);
    expect(catalog.names).toEqual(sorted([...all, 'late']));
    expect(catalog.sizes).toEqual([100, all.length + 1 - 100]);
    expect((await tagPages(client, 'late', 'newest-first')).sizes).toEqual([100, 50]);
    expect(listings(emu)).toEqual([
      [400, '_catalog', 1000],
      ...times(2, [200, '_catalog', 100]),
      ...times(2, [200, '_tags', 100]),
    ]);
  });

  test('the smaller size is per client: a new client asks the large page first again', async () => {
    seedTags(emu, 'fresh', 3);
    emu.clearRequestLog();
    expect((await tagPages(clientOf(emu), 'fresh', 'newest-first')).names).toHaveLength(3);
    expect((await tagPages(clientOf(emu), 'fresh', 'newest-first')).names).toHaveLength(3);
    expect(listings(emu)).toEqual([
      [400, '_tags', 1000],
      [200, '_tags', 100],
      [400, '_tags', 1000],
      [200, '_tags', 100],
    ]);
  });
});

describe('a registry that caps the page silently (maxPageSize: 700, oversizedPage: cap)', () => {
  const emu = withEmulator({ seed: false, maxPageSize: 700, oversizedPage: 'cap' });

  test('2,500 tags newest first: pages of 700 by the Link, each still asking 1,000, every tag once, nothing refused', async () => {
    const names = seedTags(emu, 'big', 2500);
    emu.clearRequestLog();
    const { names: read, sizes } = await tagPages(clientOf(emu), 'big', 'newest-first');
    expect(sizes).toEqual(Array.from({ length: 25 }, () => 100));
    expect(read).toHaveLength(2500);
    expect(new Set(read).size).toBe(2500);
    expect(sorted(read)).toEqual(sorted(names));
    expect(listings(emu)).toEqual(times(4, [200, '_tags', 1000]));
  });
});
