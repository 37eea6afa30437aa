import { describe, expect, test } from '@jest/globals';
import { buildImage, type BuiltManifest } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { call, type Reply } from './support/https-client.js';
import { DISALLOWED, acrPath, del, get, patch, pushImage, putManifest } from './support/registry-calls.js';

/**
 * DESIGN.md "Lock attributes", over HTTP: each case builds its own repository, locks something
 * through the store, asserts what is refused (405 with ACR's exact body) and what still works, and
 * reads the state back.
 */
describe('lock semantics', () => {
  const emu = withEmulator();
  let counter = 0;

  /** A fresh repository holding one image tagged v1, plus a second image ready to push. */
  async function fresh(): Promise<{ repo: string; image: BuiltManifest; other: BuiltManifest }> {
    counter += 1;
    const repo = `locks/case${counter}`;
    const image = buildImage({ files: { f: `image ${counter}\n` } });
    const other = buildImage({ files: { f: `other ${counter}\n` } });
    const reply = await pushImage(emu, repo, image, 'v1');
    expect(reply.status).toBe(201);
    return { repo, image, other };
  }

  function expectRefused(reply: Reply): void {
    expect(reply.status).toBe(405);
    if (reply.text !== '') expect(reply.json()).toEqual(DISALLOWED);
  }

  test('write-locked tag: no overwrite, no delete (any route); other tags and pulls still work', async () => {
    const { repo, image, other } = await fresh();
    emu.store.updateTagAttributes(repo, 'v1', { writeEnabled: false });
    expectRefused(await pushImage(emu, repo, other, 'v1'));
    expectRefused(await pushImage(emu, repo, image, 'v1'));
    expect(emu.store.getTag(repo, 'v1')?.digest).toBe(image.digest);
    expectRefused(await del(emu, acrPath(repo, '/_tags/v1')));
    expectRefused(await del(emu, `/v2/${repo}/manifests/v1`));
    expectRefused(await del(emu, `/v2/${repo}/manifests/${image.digest}`));
    expect(emu.store.getManifest(repo, image.digest)).toBeDefined();
    expect((await pushImage(emu, repo, other, 'v2')).status).toBe(201);
    expect((await pushImage(emu, repo, image, 'v3')).status).toBe(201);
    expect((await get(emu, `/v2/${repo}/manifests/v1`)).status).toBe(200);
  });

  test('delete-locked tag: may move, may not be deleted', async () => {
    const { repo, image, other } = await fresh();
    emu.store.updateTagAttributes(repo, 'v1', { deleteEnabled: false });
    expect((await pushImage(emu, repo, other, 'v1')).status).toBe(201);
    expect(emu.store.getTag(repo, 'v1')?.digest).toBe(other.digest);
    expectRefused(await del(emu, acrPath(repo, '/_tags/v1')));
    expectRefused(await del(emu, `/v2/${repo}/manifests/${other.digest}`));
    // The image the tag left is deletable.
    expect((await del(emu, `/v2/${repo}/manifests/${image.digest}`)).status).toBe(202);
    expect(emu.store.getTag(repo, 'v1')?.attributes).toMatchObject({
      deleteEnabled: false,
      writeEnabled: true,
    });
  });

  test('write-locked manifest: no re-push, no delete by digest; untagging is still allowed', async () => {
    const { repo, image } = await fresh();
    emu.store.updateManifestAttributes(repo, image.digest, { writeEnabled: false });
    expectRefused(await pushImage(emu, repo, image, 'another'));
    expectRefused(await pushImage(emu, repo, image));
    expectRefused(await del(emu, `/v2/${repo}/manifests/${image.digest}`));
    expect((await del(emu, acrPath(repo, '/_tags/v1'))).status).toBe(202);
    expect(emu.store.getTag(repo, 'v1')).toBeUndefined();
    expect(emu.store.getManifest(repo, image.digest)?.attributes.writeEnabled).toBe(false);
  });

  test('delete-locked manifest: not deletable by digest', async () => {
    const { repo, image } = await fresh();
    emu.store.updateManifestAttributes(repo, image.digest, { deleteEnabled: false });
    expectRefused(await del(emu, `/v2/${repo}/manifests/${image.digest}`));
    expect(emu.store.getManifest(repo, image.digest)).toBeDefined();
    expect((await pushImage(emu, repo, image, 'v2')).status).toBe(201);
  });

  test('read-disabled tag: pull by tag refused, by digest allowed; read-disabled manifest refuses both', async () => {
    const { repo, image } = await fresh();
    emu.store.updateTagAttributes(repo, 'v1', { readEnabled: false });
    expectRefused(await get(emu, `/v2/${repo}/manifests/v1`));
    expectRefused(await get(emu, `/v2/${repo}/manifests/v1`, 'HEAD'));
    expect((await get(emu, `/v2/${repo}/manifests/${image.digest}`)).status).toBe(200);
    // Metadata stays readable: that is how the lock is inspected and lifted.
    expect((await get(emu, acrPath(repo, '/_tags/v1'))).status).toBe(200);
    emu.store.updateTagAttributes(repo, 'v1', { readEnabled: true });
    emu.store.updateManifestAttributes(repo, image.digest, { readEnabled: false });
    expectRefused(await get(emu, `/v2/${repo}/manifests/v1`));
    expectRefused(await get(emu, `/v2/${repo}/manifests/${image.digest}`));
  });

  test('list-disabled tag and manifest: hidden from listings, still pullable', async () => {
    const { repo, image, other } = await fresh();
    await pushImage(emu, repo, other, 'v2');
    emu.store.updateTagAttributes(repo, 'v1', { listEnabled: false });
    emu.store.updateManifestAttributes(repo, image.digest, { listEnabled: false });
    const tags = (await get(emu, acrPath(repo, '/_tags'))).json() as { tags: Array<{ name: string }> };
    expect(tags.tags.map((t) => t.name)).toEqual(['v2']);
    expect((await get(emu, `/v2/${repo}/tags/list`)).json()).toEqual({ name: repo, tags: ['v2'] });
    const manifests = (await get(emu, acrPath(repo, '/_manifests'))).json() as {
      manifests: Array<{ digest: string }>;
    };
    expect(manifests.manifests.map((m) => m.digest)).toEqual([other.digest]);
    expect((await get(emu, `/v2/${repo}/manifests/v1`)).status).toBe(200);
    expect((await get(emu, acrPath(repo, '/_tags/v1'))).status).toBe(200);
  });

  test('list-disabled repository: hidden from both catalogs', async () => {
    const { repo } = await fresh();
    emu.store.updateRepositoryAttributes(repo, { listEnabled: false });
    for (const path of ['/acr/v1/_catalog', '/v2/_catalog']) {
      const names = ((await get(emu, path)).json() as { repositories: string[] }).repositories;
      expect(names).not.toContain(repo);
      expect(names).toContain('samples/hello');
    }
  });

  test('write-locked repository: no pushes, not even new tags or blobs, no deletes; PATCH unlocks', async () => {
    const { repo, image, other } = await fresh();
    emu.store.updateRepositoryAttributes(repo, { writeEnabled: false });
    expectRefused(await putManifest(emu, repo, 'new-tag', image));
    expectRefused(await call(emu, { method: 'POST', path: `/v2/${repo}/blobs/uploads/`, basic: emu.admin }));
    expectRefused(await del(emu, acrPath(repo, '/_tags/v1')));
    expect(emu.store.getTag(repo, 'new-tag')).toBeUndefined();
    expect((await get(emu, `/v2/${repo}/manifests/v1`)).status).toBe(200);
    const unlocked = await patch(emu, acrPath(repo), { writeEnabled: true });
    expect(unlocked.status).toBe(200);
    expect((await pushImage(emu, repo, other, 'new-tag')).status).toBe(201);
  });

  test('read-locked repository: no pulls of manifests or blobs', async () => {
    const { repo, image } = await fresh();
    emu.store.updateRepositoryAttributes(repo, { readEnabled: false });
    expectRefused(await get(emu, `/v2/${repo}/manifests/${image.digest}`));
    expectRefused(await get(emu, `/v2/${repo}/blobs/${image.blobs[0]?.digest}`));
  });

  test('repository delete is refused while anything inside is locked', async () => {
    const { repo, image } = await fresh();
    emu.store.updateRepositoryAttributes(repo, { deleteEnabled: false });
    expectRefused(await del(emu, acrPath(repo)));
    emu.store.updateRepositoryAttributes(repo, { deleteEnabled: true });
    emu.store.updateTagAttributes(repo, 'v1', { writeEnabled: false });
    expectRefused(await del(emu, acrPath(repo)));
    emu.store.updateTagAttributes(repo, 'v1', { writeEnabled: true });
    emu.store.updateManifestAttributes(repo, image.digest, { deleteEnabled: false });
    expectRefused(await del(emu, acrPath(repo)));
    expect(emu.store.getRepository(repo)).toBeDefined();
    emu.store.updateManifestAttributes(repo, image.digest, { deleteEnabled: true });
    const deleted = await del(emu, acrPath(repo));
    expect(deleted.status).toBe(202);
    expect(deleted.json()).toEqual({ manifestsDeleted: [image.digest], tagsDeleted: ['v1'] });
    expect(emu.store.getRepository(repo)).toBeUndefined();
  });

  test('attribute PATCH is always allowed, and merges', async () => {
    const { repo, image } = await fresh();
    const all = { writeEnabled: false, deleteEnabled: false, readEnabled: false, listEnabled: false };
    emu.store.updateRepositoryAttributes(repo, all);
    emu.store.updateTagAttributes(repo, 'v1', all);
    emu.store.updateManifestAttributes(repo, image.digest, all);
    const tag = await patch(emu, acrPath(repo, '/_tags/v1'), { readEnabled: true });
    expect((tag.json() as { tag: { changeableAttributes: unknown } }).tag.changeableAttributes).toEqual({
      ...all,
      readEnabled: true,
    });
    expect(
      (await patch(emu, acrPath(repo, `/_manifests/${image.digest}`), { writeEnabled: true })).status,
    ).toBe(200);
    expect((await patch(emu, acrPath(repo), { listEnabled: true })).status).toBe(200);
    expect(emu.store.getManifest(repo, image.digest)?.attributes).toEqual({ ...all, writeEnabled: true });
    expect(emu.store.getRepository(repo)?.attributes).toEqual({ ...all, listEnabled: true });
    const bad = await call(emu, {
      method: 'PATCH',
      path: acrPath(repo, '/_tags/v1'),
      basic: emu.admin,
      body: '{"writeEnabled":"no"}',
    });
    expect(bad.status).toBe(400);
  });
});
