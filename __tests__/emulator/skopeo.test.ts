import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SAMPLES, buildImage, buildIndex, type BuiltManifest } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { hasSkopeo, skipSkopeo, skopeo, writeOciLayout, type RunResult } from './support/skopeo.js';

/**
 * skopeo (Go, containers/image) as a real registry client: push, pull, inspect and delete over
 * HTTPS with the emulator's CA in a cert dir and admin credentials; then what each lock refuses.
 * Without skopeo on the PATH these tests are skipped with a warning, so `npm test` runs on any machine;
 * CI (`.ci/run`) installs skopeo and sets ACR_LOCK_REQUIRE_SKOPEO=1, where a missing skopeo fails.
 */
if (skipSkopeo)
  console.warn('skopeo is not installed: the skopeo tests are skipped (apt-get install skopeo).');
const DISALLOWED_TEXT = 'The operation is disallowed on this registry, repository or image.';

(skipSkopeo ? describe.skip : describe)('skopeo against the emulator', () => {
  const emu = withEmulator({ admin: { username: 'admin', password: 'skopeo-pw' } });
  let work: string;
  let certDir: string;
  let creds: string;
  let counter = 0;

  beforeAll(async () => {
    expect(await hasSkopeo()).toBe(true);
    work = await mkdtemp(join(tmpdir(), 'acr-emulator-skopeo-'));
    certDir = dirname(emu.caCertPath);
    creds = `${emu.admin.username}:${emu.admin.password}`;
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const ref = (repository: string, reference: string): string =>
    `docker://${emu.loginServer}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;

  async function layout(image: BuiltManifest): Promise<string> {
    counter += 1;
    const dir = join(work, `layout-${counter}`);
    await writeOciLayout(dir, image, 'latest');
    return `oci:${dir}:latest`;
  }

  const push = async (image: BuiltManifest, repository: string, tag: string): Promise<RunResult> =>
    skopeo([
      'copy',
      '--dest-cert-dir',
      certDir,
      '--dest-creds',
      creds,
      await layout(image),
      ref(repository, tag),
    ]);

  const pull = (repository: string, reference: string): Promise<RunResult> => {
    counter += 1;
    return skopeo([
      'copy',
      '--src-cert-dir',
      certDir,
      '--src-creds',
      creds,
      ref(repository, reference),
      `oci:${join(work, `pulled-${counter}`)}:x`,
    ]);
  };
  const inspect = (repository: string, reference: string): Promise<RunResult> =>
    skopeo(['inspect', '--cert-dir', certDir, '--creds', creds, ref(repository, reference)]);
  const remove = (repository: string, reference: string): Promise<RunResult> =>
    skopeo(['delete', '--cert-dir', certDir, '--creds', creds, ref(repository, reference)]);

  function expectOk(result: RunResult): void {
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  }

  /** Refused by a lock: non-zero exit, ACR's message (or its 405) in stderr, and a 405 in the log. */
  function expectRefused(result: RunResult, method: string): void {
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`405|${DISALLOWED_TEXT.replace(/\./g, '\\.')}`));
    expect(emu.requestLog.some((e) => e.status === 405 && e.method === method)).toBe(true);
  }

  test('push, pull, inspect and delete an image the test built', async () => {
    const image = buildImage({ files: { 'app.txt': 'skopeo round trip\n' } });
    expectOk(await push(image, 'skopeo/app', 'v1'));
    expect(emu.store.getTag('skopeo/app', 'v1')?.digest).toBe(image.digest);

    const pulled = await pull('skopeo/app', 'v1');
    expectOk(pulled);
    const index = JSON.parse(await readFile(join(work, `pulled-${counter}`, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    expect(index.manifests[0]?.digest).toBe(image.digest);

    const inspected = await inspect('skopeo/app', 'v1');
    expectOk(inspected);
    expect(JSON.parse(inspected.stdout)).toMatchObject({
      Digest: image.digest,
      RepoTags: ['v1'],
      Architecture: 'amd64',
      Os: 'linux',
    });

    expectOk(await remove('skopeo/app', 'v1'));
    expect(emu.store.getManifest('skopeo/app', image.digest)).toBeUndefined();
    expect(emu.store.getTag('skopeo/app', 'v1')).toBeUndefined();
  });

  test('a multi-arch index goes both ways with --all', async () => {
    counter += 1;
    const out = join(work, `multi-${counter}`);
    expectOk(
      await skopeo([
        'copy',
        '--all',
        '--src-cert-dir',
        certDir,
        '--src-creds',
        creds,
        ref(SAMPLES.multiArch.repository, SAMPLES.multiArch.tag),
        `oci:${out}:x`,
      ]),
    );
    expectOk(
      await skopeo([
        'copy',
        '--all',
        '--dest-cert-dir',
        certDir,
        '--dest-creds',
        creds,
        `oci:${out}:x`,
        ref('skopeo/multi', 'v1'),
      ]),
    );
    expect(emu.store.getTag('skopeo/multi', 'v1')?.digest).toBe(SAMPLES.multiArch.digest);
    expect(
      emu.store
        .listManifests('skopeo/multi')
        .map((m) => m.digest)
        .sort(),
    ).toEqual([SAMPLES.multiArch.digest, ...SAMPLES.multiArch.children].sort());
  });

  test('write-locked tag: overwrite and delete refused; another tag still accepted', async () => {
    const image = buildImage({ files: { f: 'locked tag\n' } });
    const other = buildImage({ files: { f: 'would overwrite\n' } });
    expectOk(await push(image, 'skopeo/wlock', 'v1'));
    emu.store.updateTagAttributes('skopeo/wlock', 'v1', { writeEnabled: false, deleteEnabled: false });
    emu.clearRequestLog();
    expectRefused(await push(other, 'skopeo/wlock', 'v1'), 'PUT');
    expect(emu.store.getTag('skopeo/wlock', 'v1')?.digest).toBe(image.digest);
    emu.clearRequestLog();
    const del = await remove('skopeo/wlock', 'v1');
    expectRefused(del, 'DELETE');
    expect(del.stderr).toContain('405');
    expect(emu.store.getManifest('skopeo/wlock', image.digest)).toBeDefined();
    expectOk(await push(other, 'skopeo/wlock', 'v2'));
    expectOk(await pull('skopeo/wlock', 'v1'));
  });

  test('delete-locked manifest: delete refused by tag and by digest; pushes and pulls still work', async () => {
    const image = buildImage({ files: { f: 'delete locked\n' } });
    expectOk(await push(image, 'skopeo/dlock', 'v1'));
    emu.store.updateManifestAttributes('skopeo/dlock', image.digest, { deleteEnabled: false });
    emu.clearRequestLog();
    expectRefused(await remove('skopeo/dlock', 'v1'), 'DELETE');
    expectRefused(await remove('skopeo/dlock', image.digest), 'DELETE');
    expect(emu.store.getManifest('skopeo/dlock', image.digest)?.attributes.deleteEnabled).toBe(false);
    expectOk(await push(image, 'skopeo/dlock', 'v2'));
    expectOk(await pull('skopeo/dlock', image.digest));
  });

  test('read-disabled tag: pull and inspect by tag refused, by digest allowed', async () => {
    const image = buildImage({ files: { f: 'quarantined\n' } });
    expectOk(await push(image, 'skopeo/quarantine', 'v1'));
    emu.store.updateTagAttributes('skopeo/quarantine', 'v1', { readEnabled: false });
    emu.clearRequestLog();
    expectRefused(await pull('skopeo/quarantine', 'v1'), 'GET');
    const inspected = await inspect('skopeo/quarantine', 'v1');
    expect(inspected.code).not.toBe(0);
    expect(inspected.stderr).toContain(DISALLOWED_TEXT);
    expectOk(await pull('skopeo/quarantine', image.digest));
    // Quarantine must cover the manifest too: then the digest is refused as well.
    emu.store.updateManifestAttributes('skopeo/quarantine', image.digest, { readEnabled: false });
    emu.clearRequestLog();
    expectRefused(await pull('skopeo/quarantine', image.digest), 'GET');
  });

  test('list-disabled tag: missing from list-tags, still pullable', async () => {
    const image = buildImage({ files: { f: 'hidden\n' } });
    expectOk(await push(image, 'skopeo/hidden', 'shown'));
    expectOk(await push(image, 'skopeo/hidden', 'hidden'));
    emu.store.updateTagAttributes('skopeo/hidden', 'hidden', { listEnabled: false });
    const listed = await skopeo([
      'list-tags',
      '--cert-dir',
      certDir,
      '--creds',
      creds,
      `docker://${emu.loginServer}/skopeo/hidden`,
    ]);
    expectOk(listed);
    expect((JSON.parse(listed.stdout) as { Tags: string[] }).Tags).toEqual(['shown']);
    expectOk(await pull('skopeo/hidden', 'hidden'));
  });

  test('write-locked repository: no pushes, not even a new tag; pulls still work', async () => {
    const image = buildImage({ files: { f: 'repo locked\n' } });
    const fresh = buildImage({ files: { f: 'never lands\n' } });
    expectOk(await push(image, 'skopeo/repolock', 'v1'));
    emu.store.updateRepositoryAttributes('skopeo/repolock', { writeEnabled: false });
    emu.clearRequestLog();
    expectRefused(await push(fresh, 'skopeo/repolock', 'v2'), 'POST');
    expectRefused(await push(image, 'skopeo/repolock', 'v3'), 'PUT');
    expect(emu.store.listTags('skopeo/repolock').map((t) => t.name)).toEqual(['v1']);
    expectOk(await pull('skopeo/repolock', 'v1'));
  });

  test('an image index pushed by skopeo keeps its children as references', async () => {
    const a = buildImage({ architecture: 'amd64', files: { f: 'skopeo idx a\n' } });
    const b = buildImage({ architecture: 'arm64', files: { f: 'skopeo idx b\n' } });
    const index = buildIndex([
      { image: a, architecture: 'amd64', os: 'linux' },
      { image: b, architecture: 'arm64', os: 'linux' },
    ]);
    counter += 1;
    const dir = join(work, `index-${counter}`);
    await writeOciLayout(dir, index, 'latest');
    expectOk(
      await skopeo([
        'copy',
        '--all',
        '--dest-cert-dir',
        certDir,
        '--dest-creds',
        creds,
        `oci:${dir}:latest`,
        ref('skopeo/index', 'v1'),
      ]),
    );
    expect(
      emu.store.getManifest('skopeo/index', index.digest)?.references.map((r) => r.architecture),
    ).toEqual(['amd64', 'arm64']);
  });
});
