import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  SAMPLES,
  SAMPLE_CONTENT,
  buildArtifact,
  buildImage,
  buildIndex,
  sha256Digest,
} from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { call, passwordToken } from './support/https-client.js';
import { del, get, pushBlob, pushImage, putManifest } from './support/registry-calls.js';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('OCI distribution routes', () => {
  const emu = withEmulator({
    scopedTokens: [
      {
        username: 'pusher',
        password: 'pw',
        repositories: { 'mount/target': ['content/read', 'content/write'] },
      },
    ],
  });

  describe('pull', () => {
    test('manifest by tag and by digest: bytes, digest and media type', async () => {
      const byTag = await get(emu, `/v2/${SAMPLES.plain.repository}/manifests/${SAMPLES.plain.tag}`);
      expect(byTag.status).toBe(200);
      expect(sha(byTag.body)).toBe(SAMPLES.plain.digest);
      expect(byTag.headers['docker-content-digest']).toBe(SAMPLES.plain.digest);
      expect(byTag.headers['content-type']).toBe('application/vnd.docker.distribution.manifest.v2+json');
      const byDigest = await get(
        emu,
        `/v2/${SAMPLES.multiArch.repository}/manifests/${SAMPLES.multiArch.digest}`,
      );
      expect(byDigest.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
      expect(sha(byDigest.body)).toBe(SAMPLES.multiArch.digest);
    });

    test('HEAD has the headers and no body', async () => {
      const head = await get(emu, `/v2/${SAMPLES.plain.repository}/manifests/${SAMPLES.plain.tag}`, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.body.length).toBe(0);
      expect(Number(head.headers['content-length'])).toBe(SAMPLE_CONTENT.plain.size);
      expect(head.headers['docker-content-digest']).toBe(SAMPLES.plain.digest);
    });

    test('unknown tag, digest and repository', async () => {
      const tag = await get(emu, `/v2/${SAMPLES.plain.repository}/manifests/nope`);
      expect(tag.status).toBe(404);
      expect((tag.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('MANIFEST_UNKNOWN');
      const digest = await get(emu, `/v2/${SAMPLES.plain.repository}/manifests/sha256:${'0'.repeat(64)}`);
      expect(digest.status).toBe(404);
      const repo = await get(emu, '/v2/no/such/manifests/1.0');
      expect((repo.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('NAME_UNKNOWN');
      const invalid = await get(emu, '/v2/UPPER/manifests/1.0');
      expect(invalid.status).toBe(400);
      expect((await get(emu, '/nothing/here')).status).toBe(404);
    });

    test('the seeded layer is a real gzip tar whose diff_id is in the config', async () => {
      const [config, layer] = SAMPLE_CONTENT.plain.blobs;
      const configReply = await get(emu, `/v2/${SAMPLES.plain.repository}/blobs/${config?.digest}`);
      const layerReply = await get(emu, `/v2/${SAMPLES.plain.repository}/blobs/${layer?.digest}`);
      expect(layerReply.status).toBe(200);
      expect(sha(layerReply.body)).toBe(layer?.digest);
      const tar = gunzipSync(layerReply.body);
      expect(tar.subarray(0, 9).toString()).toBe('hello.txt');
      const diffIds = (configReply.json() as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
      expect(diffIds).toEqual([sha(tar)]);
    });

    test('blob Range requests', async () => {
      const layer = SAMPLE_CONTENT.plain.blobs[1];
      const reply = await call(emu, {
        path: `/v2/${SAMPLES.plain.repository}/blobs/${layer?.digest}`,
        basic: emu.admin,
        headers: { Range: 'bytes=0-9' },
      });
      expect(reply.status).toBe(206);
      expect(reply.body).toEqual(layer?.bytes.subarray(0, 10));
      expect(reply.headers['content-range']).toBe(`bytes 0-9/${layer?.size}`);
      const missing = await get(emu, `/v2/${SAMPLES.plain.repository}/blobs/sha256:${'1'.repeat(64)}`);
      expect(missing.status).toBe(404);
    });
  });

  describe('push', () => {
    test('chunked upload: POST, PATCH, PATCH, PUT ?digest=', async () => {
      const data = Buffer.from('chunk-one|chunk-two');
      const start = await call(emu, {
        method: 'POST',
        path: '/v2/upload/chunked/blobs/uploads/',
        basic: emu.admin,
      });
      expect(start.status).toBe(202);
      const location = String(start.headers.location);
      expect(location).toMatch(/^\/v2\/upload\/chunked\/blobs\/uploads\/[0-9a-f-]+$/);
      expect(start.headers['docker-upload-uuid']).toBeDefined();
      const first = await call(emu, {
        method: 'PATCH',
        path: location,
        basic: emu.admin,
        headers: { 'Content-Range': '0-9' },
        body: data.subarray(0, 10),
      });
      expect(first.status).toBe(202);
      expect(first.headers.range).toBe('0-9');
      const outOfOrder = await call(emu, {
        method: 'PATCH',
        path: location,
        basic: emu.admin,
        headers: { 'Content-Range': '5-9' },
        body: data.subarray(5, 10),
      });
      expect(outOfOrder.status).toBe(416);
      await call(emu, { method: 'PATCH', path: location, basic: emu.admin, body: data.subarray(10) });
      const status = await get(emu, location);
      expect(status.status).toBe(204);
      expect(status.headers.range).toBe(`0-${data.length - 1}`);
      const done = await call(emu, {
        method: 'PUT',
        path: `${location}?digest=${sha(data)}`,
        basic: emu.admin,
      });
      expect(done.status).toBe(201);
      expect(done.headers['docker-content-digest']).toBe(sha(data));
      expect(emu.store.getBlob('upload/chunked', sha(data))).toEqual(data);
    });

    test('a wrong digest is refused and stores nothing', async () => {
      const bytes = Buffer.from('some bytes');
      const wrong = `sha256:${'2'.repeat(64)}`;
      const mono = await call(emu, {
        method: 'POST',
        path: `/v2/upload/wrong/blobs/uploads/?digest=${wrong}`,
        basic: emu.admin,
        body: bytes,
      });
      expect(mono.status).toBe(400);
      expect((mono.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('DIGEST_INVALID');
      expect(emu.store.hasBlobAnywhere(sha(bytes))).toBe(false);
    });

    test('cancel an upload', async () => {
      const start = await call(emu, {
        method: 'POST',
        path: '/v2/upload/cancel/blobs/uploads/',
        basic: emu.admin,
      });
      const location = String(start.headers.location);
      expect((await del(emu, location)).status).toBe(204);
      const after = await call(emu, { method: 'PATCH', path: location, basic: emu.admin, body: 'x' });
      expect(after.status).toBe(404);
      expect((after.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
        'BLOB_UPLOAD_UNKNOWN',
      );
    });

    test('cross-repository mount needs pull on the source, else it falls back to an upload', async () => {
      const layer = SAMPLE_CONTENT.plain.blobs[1];
      const digest = layer?.digest ?? '';
      const mounted = await call(emu, {
        method: 'POST',
        path: `/v2/mount/admin/blobs/uploads/?mount=${digest}&from=${SAMPLES.plain.repository}`,
        basic: emu.admin,
      });
      expect(mounted.status).toBe(201);
      expect(emu.store.getBlob('mount/admin', digest)).toBeDefined();

      const token = await passwordToken(
        emu,
        ['repository:mount/target:pull,push', `repository:${SAMPLES.plain.repository}:pull`],
        {
          username: 'pusher',
          password: 'pw',
        },
      );
      const fallback = await call(emu, {
        method: 'POST',
        path: `/v2/mount/target/blobs/uploads/?mount=${digest}&from=${SAMPLES.plain.repository}`,
        bearer: token,
      });
      expect(fallback.status).toBe(202);
      expect(emu.store.getBlob('mount/target', digest)).toBeUndefined();
    });

    test('manifest push: missing blobs, digest mismatch, then success', async () => {
      const image = buildImage({ files: { f: 'push test\n' } });
      const missing = await putManifest(emu, 'push/app', 'v1', image);
      expect(missing.status).toBe(400);
      expect((missing.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
        'MANIFEST_BLOB_UNKNOWN',
      );
      for (const blob of image.blobs) expect((await pushBlob(emu, 'push/app', blob)).status).toBe(201);
      const mismatch = await putManifest(emu, 'push/app', `sha256:${'3'.repeat(64)}`, image);
      expect(mismatch.status).toBe(400);
      const ok = await putManifest(emu, 'push/app', 'v1', image);
      expect(ok.status).toBe(201);
      expect(ok.headers.location).toBe(`/v2/push/app/manifests/${image.digest}`);
      expect(ok.headers['docker-content-digest']).toBe(image.digest);
      expect(emu.store.getTag('push/app', 'v1')?.digest).toBe(image.digest);
      expect(emu.store.getManifest('push/app', image.digest)).toMatchObject({
        architecture: 'amd64',
        os: 'linux',
      });
      const invalid = await call(emu, {
        method: 'PUT',
        path: '/v2/push/app/manifests/bad',
        basic: emu.admin,
        headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
        body: '{not json',
      });
      expect(invalid.status).toBe(400);
      expect((invalid.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
        'MANIFEST_INVALID',
      );
    });

    test('an index records its children as references; a manifest with subject becomes a referrer', async () => {
      const a = buildImage({ architecture: 'amd64', files: { f: 'idx a\n' } });
      const b = buildImage({ architecture: 's390x', files: { f: 'idx b\n' } });
      const index = buildIndex([
        { image: a, architecture: 'amd64', os: 'linux' },
        { image: b, architecture: 's390x', os: 'linux' },
      ]);
      const missingChild = await pushImage(emu, 'push/index', { ...index, children: [] }, 'v1');
      expect(missingChild.status).toBe(400);
      expect((await pushImage(emu, 'push/index', index, 'v1')).status).toBe(201);
      expect(emu.store.getManifest('push/index', index.digest)?.references).toEqual([
        { digest: a.digest, architecture: 'amd64', os: 'linux' },
        { digest: b.digest, architecture: 's390x', os: 'linux' },
      ]);
      const sig = buildArtifact({
        artifactType: 'application/example+sig',
        subject: index,
        layer: { mediaType: 'application/octet-stream', content: 'sig' },
      });
      const pushed = await pushImage(emu, 'push/index', sig);
      expect(pushed.status).toBe(201);
      expect(pushed.headers['oci-subject']).toBe(index.digest);
      const referrers = await get(emu, `/v2/push/index/referrers/${index.digest}`);
      expect(referrers.json()).toEqual({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: sig.digest,
            size: sig.size,
            artifactType: 'application/example+sig',
          },
        ],
      });
    });
  });

  describe('listing and delete', () => {
    test('referrers of the signed sample, and the artifactType filter', async () => {
      const all = await get(emu, `/v2/${SAMPLES.signed.repository}/referrers/${SAMPLES.signed.digest}`);
      expect(all.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
      const body = all.json() as { manifests: Array<{ digest: string; artifactType: string }> };
      expect(body.manifests.map((m) => [m.digest, m.artifactType]).sort()).toEqual(
        [
          [SAMPLES.signed.referrers[0], 'application/vnd.cncf.notary.signature'],
          [SAMPLES.signed.referrers[1], 'application/spdx+json'],
        ].sort(),
      );
      const sbom = await get(
        emu,
        `/v2/${SAMPLES.signed.repository}/referrers/${SAMPLES.signed.digest}?artifactType=${encodeURIComponent('application/spdx+json')}`,
      );
      expect(sbom.headers['oci-filters-applied']).toBe('artifactType');
      expect(
        (sbom.json() as { manifests: Array<{ digest: string }> }).manifests.map((m) => m.digest),
      ).toEqual([SAMPLES.signed.referrers[1]]);
      const none = await get(emu, `/v2/${SAMPLES.signed.repository}/referrers/sha256:${'4'.repeat(64)}`);
      expect(none.status).toBe(200);
      expect((none.json() as { manifests: unknown[] }).manifests).toEqual([]);
    });

    test('tags/list and _catalog page with n, last and Link', async () => {
      const image = buildImage({ files: { f: 'tags\n' } });
      for (const tag of ['t1', 't2', 't3'])
        expect((await pushImage(emu, 'list/tags', image, tag)).status).toBe(201);
      const first = await get(emu, '/v2/list/tags/tags/list?n=2');
      expect(first.json()).toEqual({ name: 'list/tags', tags: ['t1', 't2'] });
      expect(first.headers.link).toBe('</v2/list/tags/tags/list?last=t2&n=2>; rel="next"');
      const second = await get(emu, '/v2/list/tags/tags/list?n=2&last=t2');
      expect(second.json()).toEqual({ name: 'list/tags', tags: ['t3'] });
      expect(second.headers.link).toBeUndefined();
      const catalog = await get(emu, '/v2/_catalog?n=1');
      expect((catalog.json() as { repositories: string[] }).repositories).toHaveLength(1);
      expect(catalog.headers.link).toMatch(/^<\/v2\/_catalog\?last=[^&]+&n=1>; rel="next"$/);
      expect((await get(emu, '/v2/_catalog?n=0')).status).toBe(400);
    });

    test('delete by digest removes the manifest and its tags; delete by tag only untags', async () => {
      const image = buildImage({ files: { f: 'delete\n' } });
      await pushImage(emu, 'del/app', image, 'a');
      await pushImage(emu, 'del/app', image, 'b');
      expect((await del(emu, '/v2/del/app/manifests/a')).status).toBe(202);
      expect(emu.store.getTag('del/app', 'a')).toBeUndefined();
      expect(emu.store.getManifest('del/app', image.digest)).toBeDefined();
      expect((await del(emu, `/v2/del/app/manifests/${image.digest}`)).status).toBe(202);
      expect(emu.store.getManifest('del/app', image.digest)).toBeUndefined();
      expect(emu.store.listTags('del/app')).toEqual([]);
      expect((await del(emu, `/v2/del/app/manifests/${image.digest}`)).status).toBe(404);
    });

    test('blob digests are the sha256 of the bytes served', async () => {
      for (const blob of SAMPLE_CONTENT.signature.blobs) {
        const reply = await get(emu, `/v2/${SAMPLES.signed.repository}/blobs/${blob.digest}`);
        expect(sha256Digest(reply.body)).toBe(blob.digest);
      }
    });
  });
});
