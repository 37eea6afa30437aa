import { describe, expect, test } from '@jest/globals';
import { SAMPLES, buildImage, storeBuilt } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { call } from './support/https-client.js';
import { acrPath, get } from './support/registry-calls.js';

describe('fault injection', () => {
  const emu = withEmulator();
  const tagPath = acrPath(SAMPLES.plain.repository, `/_tags/${SAMPLES.plain.tag}`);

  test('status: 429 with Retry-After, `times` times, then normal service', async () => {
    emu.faults.clear();
    const fault = emu.faults.add({
      match: { method: 'GET', path: /^\/acr\/v1\/samples\/hello\/_tags\// },
      times: 2,
      fault: { kind: 'status', status: 429, retryAfterSeconds: 3 },
    });
    const throttled = await get(emu, tagPath);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('3');
    expect((throttled.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('TOOMANYREQUESTS');
    expect((await get(emu, tagPath)).status).toBe(429);
    expect(fault.hits).toBe(2);
    expect((await get(emu, tagPath)).status).toBe(200);
    expect(fault.hits).toBe(2);
  });

  test('method and path must both match; without `times` it lasts until cleared', async () => {
    emu.faults.add({ match: { method: 'PATCH', path: /_tags/ }, fault: { kind: 'status', status: 503 } });
    expect((await get(emu, tagPath)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const reply = await call(emu, { method: 'PATCH', path: tagPath, basic: emu.admin, body: '{}' });
      expect(reply.status).toBe(503);
    }
    emu.faults.clear();
    expect((await call(emu, { method: 'PATCH', path: tagPath, basic: emu.admin, body: '{}' })).status).toBe(
      200,
    );
  });

  test('faults apply before auth, including the token endpoints; remove() withdraws one', async () => {
    const fault = emu.faults.add({
      match: { path: /^\/oauth2\/token$/ },
      fault: { kind: 'status', status: 500 },
    });
    const reply = await call(emu, {
      path: '/oauth2/token?scope=repository:samples/hello:pull',
      basic: emu.admin,
    });
    expect(reply.status).toBe(500);
    fault.remove();
    expect(
      (await call(emu, { path: '/oauth2/token?scope=repository:samples/hello:pull', basic: emu.admin }))
        .status,
    ).toBe(200);
  });

  test('delay holds the request', async () => {
    emu.faults.add({ match: { path: /\/_tags\// }, times: 1, fault: { kind: 'delay', ms: 250 } });
    emu.clearRequestLog();
    const started = performance.now();
    expect((await get(emu, tagPath)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(emu.requestLog[0]?.durationMs).toBeGreaterThanOrEqual(240);
  });

  test('drop destroys the connection and is logged with status 0', async () => {
    emu.faults.add({ match: { path: /\/_tags\// }, times: 1, fault: { kind: 'drop' } });
    emu.clearRequestLog();
    await expect(get(emu, tagPath)).rejects.toThrow(/socket hang up|ECONNRESET/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emu.requestLog).toEqual([
      expect.objectContaining({ method: 'GET', status: 0, repository: 'samples/hello' }),
    ]);
    expect((await get(emu, tagPath)).status).toBe(200);
  });

  test('move-tag re-points the tag, then the request proceeds and sees it', async () => {
    const moved = buildImage({ files: { f: 'pushed mid-run\n' } });
    storeBuilt(emu.store, SAMPLES.plain.repository, moved);
    emu.faults.add({
      match: { method: 'GET', path: /\/_tags\/1\.0$/ },
      times: 1,
      fault: {
        kind: 'move-tag',
        repository: SAMPLES.plain.repository,
        tag: SAMPLES.plain.tag,
        toDigest: moved.digest,
      },
    });
    const reply = await get(emu, tagPath);
    expect((reply.json() as { tag: { digest: string } }).tag.digest).toBe(moved.digest);
    expect(emu.store.getTag(SAMPLES.plain.repository, SAMPLES.plain.tag)?.digest).toBe(moved.digest);
    emu.store.setTag(SAMPLES.plain.repository, SAMPLES.plain.tag, SAMPLES.plain.digest);
  });
});

describe('request log', () => {
  const emu = withEmulator();

  test('kinds, repositories, statuses, queries; clearRequestLog empties the same array', async () => {
    const log = emu.requestLog;
    emu.clearRequestLog();
    await call(emu, { path: '/v2/samples/hello/manifests/1.0' });
    await call(emu, { path: '/oauth2/token?scope=repository:samples/hello:pull', basic: emu.admin });
    await get(emu, '/v2/samples/hello/manifests/1.0', 'HEAD');
    await call(emu, { method: 'PATCH', path: acrPath('samples/hello'), basic: emu.admin, body: '{}' });
    await get(emu, '/v2/_catalog?n=5&last=a%2Fb');
    expect(
      log.map(({ method, path, status, kind, repository }) => ({ method, path, status, kind, repository })),
    ).toEqual([
      {
        method: 'GET',
        path: '/v2/samples/hello/manifests/1.0',
        status: 401,
        kind: 'challenge',
        repository: 'samples/hello',
      },
      { method: 'GET', path: '/oauth2/token', status: 200, kind: 'auth', repository: undefined },
      {
        method: 'HEAD',
        path: '/v2/samples/hello/manifests/1.0',
        status: 200,
        kind: 'read',
        repository: 'samples/hello',
      },
      {
        method: 'PATCH',
        path: '/acr/v1/samples/hello',
        status: 200,
        kind: 'write',
        repository: 'samples/hello',
      },
      { method: 'GET', path: '/v2/_catalog', status: 200, kind: 'read', repository: undefined },
    ]);
    expect(log.map((e) => e.query)).toEqual([
      undefined,
      'scope=repository%3Asamples%2Fhello%3Apull',
      undefined,
      undefined,
      'n=5&last=a%2Fb',
    ]);
    for (const entry of log) {
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
      expect(Math.abs(entry.time - Date.now())).toBeLessThan(10_000);
    }
    emu.clearRequestLog();
    expect(emu.requestLog).toBe(log);
    expect(log).toEqual([]);
  });
});
