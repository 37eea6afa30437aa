import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { SAMPLES, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ENTRA_TEST_TOKEN, withEmulator } from '../helpers/emulator-fixture.js';
import { call, form, FORM_HEADERS, jwtPayload, passwordToken, type Reply } from './support/https-client.js';

const HELLO = SAMPLES.plain;
const HELLO_PATH = encodeURIComponent(HELLO.repository);

function challengeParams(reply: Reply): Record<string, string> {
  const header = String(reply.headers['www-authenticate'] ?? '');
  expect(header.startsWith('Bearer ')).toBe(true);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

async function exchange(emu: RunningEmulator, accessToken: string): Promise<Reply> {
  return call(emu, {
    method: 'POST',
    path: '/oauth2/exchange?api-version=2021-07-01',
    headers: FORM_HEADERS,
    body: form({ grant_type: 'access_token', service: emu.loginServer, access_token: accessToken }),
  });
}

async function refreshGrant(
  emu: RunningEmulator,
  refreshToken: string,
  scope: string | string[],
): Promise<Reply> {
  return call(emu, {
    method: 'POST',
    path: '/oauth2/token?api-version=2021-07-01',
    headers: FORM_HEADERS,
    body: form({ grant_type: 'refresh_token', service: emu.loginServer, scope, refresh_token: refreshToken }),
  });
}

async function refreshToken(emu: RunningEmulator): Promise<string> {
  const reply = await exchange(emu, ENTRA_TEST_TOKEN);
  expect(reply.status).toBe(200);
  return (reply.json() as { refresh_token: string }).refresh_token;
}

describe('emulator auth', () => {
  const emu = withEmulator({
    admin: { username: 'admin', password: 'admin-pw' },
    scopedTokens: [
      {
        username: 'reader',
        password: 'reader-pw',
        repositories: { 'samples/hello': ['content/read', 'metadata/read'] },
      },
      {
        username: 'ns',
        password: 'ns-pw',
        repositories: { 'samples/*': ['metadata/read', 'metadata/write'] },
      },
    ],
  });

  describe('challenge', () => {
    test('GET /v2/ without credentials: realm and service, no scope, detail null', async () => {
      const reply = await call(emu, { path: '/v2/' });
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toBe(
        `Bearer realm="https://${emu.loginServer}/oauth2/token",service="${emu.loginServer}"`,
      );
      expect(reply.json()).toEqual({
        errors: [
          {
            code: 'UNAUTHORIZED',
            message: 'authentication required, visit https://aka.ms/acr/authorization for more information.',
            detail: null,
          },
        ],
      });
    });

    test('GET /v2/ with admin Basic or an access token: 200 {}', async () => {
      expect((await call(emu, { path: '/v2/', basic: emu.admin })).json()).toEqual({});
      const token = await passwordToken(emu, []);
      const reply = await call(emu, { path: '/v2/', bearer: token });
      expect(reply.status).toBe(200);
    });

    const digest = encodeURIComponent(HELLO.digest);
    test.each([
      ['GET', `/acr/v1/${HELLO_PATH}`, 'repository:samples/hello:metadata_read'],
      ['PATCH', `/acr/v1/${HELLO_PATH}`, 'repository:samples/hello:metadata_write'],
      ['DELETE', `/acr/v1/${HELLO_PATH}`, 'repository:samples/hello:delete'],
      ['GET', `/acr/v1/${HELLO_PATH}/_tags`, 'repository:samples/hello:metadata_read'],
      ['GET', `/acr/v1/${HELLO_PATH}/_tags/1.0`, 'repository:samples/hello:metadata_read'],
      ['PATCH', `/acr/v1/${HELLO_PATH}/_tags/1.0`, 'repository:samples/hello:metadata_write'],
      ['DELETE', `/acr/v1/${HELLO_PATH}/_tags/1.0`, 'repository:samples/hello:delete'],
      ['GET', `/acr/v1/${HELLO_PATH}/_manifests`, 'repository:samples/hello:metadata_read'],
      ['PATCH', `/acr/v1/${HELLO_PATH}/_manifests/${digest}`, 'repository:samples/hello:metadata_write'],
      ['GET', '/v2/samples/hello/manifests/1.0', 'repository:samples/hello:pull'],
      ['HEAD', '/v2/samples/hello/manifests/1.0', 'repository:samples/hello:pull'],
      ['PUT', '/v2/samples/hello/manifests/2.0', 'repository:samples/hello:pull,push'],
      ['DELETE', `/v2/samples/hello/manifests/${HELLO.digest}`, 'repository:samples/hello:delete'],
      ['GET', `/v2/samples/hello/blobs/${HELLO.digest}`, 'repository:samples/hello:pull'],
      ['POST', '/v2/samples/hello/blobs/uploads/', 'repository:samples/hello:pull,push'],
      ['PATCH', '/v2/samples/hello/blobs/uploads/some-id', 'repository:samples/hello:pull,push'],
      ['GET', '/v2/samples/hello/tags/list', 'repository:samples/hello:pull'],
      ['GET', `/v2/samples/hello/referrers/${HELLO.digest}`, 'repository:samples/hello:pull'],
      ['GET', '/v2/_catalog', 'registry:catalog:*'],
      ['GET', '/acr/v1/_catalog', 'registry:catalog:*'],
    ])('%s %s without credentials asks for %s', async (method, path, scope) => {
      const reply = await call(emu, { method, path });
      expect(reply.status).toBe(401);
      const params = challengeParams(reply);
      expect(params).toEqual({
        realm: `https://${emu.loginServer}/oauth2/token`,
        service: emu.loginServer,
        scope,
      });
      if (method !== 'HEAD') {
        const [type, name, actions] = [
          scope.slice(0, scope.indexOf(':')),
          ...scope.slice(scope.indexOf(':') + 1).split(/:(?=[^:]*$)/),
        ];
        const detail = (actions ?? '')
          .split(',')
          .map((action) => ({ Type: type, Name: name, Action: action }));
        expect(reply.json()).toEqual({
          errors: [
            {
              code: 'UNAUTHORIZED',
              message:
                'authentication required, visit https://aka.ms/acr/authorization for more information.',
              detail,
            },
          ],
        });
      }
    });

    test('a garbage or foreign bearer token gets the plain challenge', async () => {
      const reply = await call(emu, { path: `/acr/v1/${HELLO_PATH}`, bearer: 'a.b.c' });
      expect(reply.status).toBe(401);
      expect(challengeParams(reply).error).toBeUndefined();
    });
  });

  describe('exchange and refresh grant', () => {
    test('exchange accepts only tokens the verifier accepts', async () => {
      const good = await exchange(emu, ENTRA_TEST_TOKEN);
      expect(good.status).toBe(200);
      const { refresh_token } = good.json() as { refresh_token: string };
      const exp = jwtPayload(refresh_token).exp as number;
      expect(exp).toBeGreaterThan(Date.now() / 1000 + 60 * 60);
      const bad = await exchange(emu, 'some-other-token');
      expect(bad.status).toBe(401);
      expect((bad.json() as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('UNAUTHORIZED');
    });

    test('exchange without a verifier rejects everything; malformed forms are 400', async () => {
      const bare = await startEmulator({ seed: false });
      try {
        expect((await exchange(bare, ENTRA_TEST_TOKEN)).status).toBe(401);
        const noGrant = await call(bare, {
          method: 'POST',
          path: '/oauth2/exchange',
          headers: FORM_HEADERS,
          body: form({ access_token: ENTRA_TEST_TOKEN }),
        });
        expect(noGrant.status).toBe(400);
      } finally {
        await bare.close();
      }
    });

    test('refresh → access token with the asked scope; it is enforced per action', async () => {
      const reply = await refreshGrant(
        emu,
        await refreshToken(emu),
        'repository:samples/hello:metadata_read,metadata_write',
      );
      expect(reply.status).toBe(200);
      const { access_token } = reply.json() as { access_token: string };
      expect(jwtPayload(access_token).access).toEqual([
        { type: 'repository', name: 'samples/hello', actions: ['metadata_read', 'metadata_write'] },
      ]);
      const tagPath = `/acr/v1/${HELLO_PATH}/_tags/1.0`;
      expect((await call(emu, { path: tagPath, bearer: access_token })).status).toBe(200);
      const patch = await call(emu, {
        method: 'PATCH',
        path: tagPath,
        bearer: access_token,
        headers: { 'Content-Type': 'application/json' },
        body: '{"listEnabled":true}',
      });
      expect(patch.status).toBe(200);
      const del = await call(emu, { method: 'DELETE', path: tagPath, bearer: access_token });
      expect(del.status).toBe(401);
      expect(challengeParams(del)).toMatchObject({
        scope: 'repository:samples/hello:delete',
        error: 'insufficient_scope',
      });
      expect(emu.store.getTag(HELLO.repository, HELLO.tag)).toBeDefined();
      // The token is for samples/hello only.
      const other = await call(emu, {
        path: `/acr/v1/${encodeURIComponent(SAMPLES.signed.repository)}`,
        bearer: access_token,
      });
      expect(other.status).toBe(401);
      expect(challengeParams(other).error).toBe('insufficient_scope');
    });

    test('several scope parameters are all granted', async () => {
      const reply = await refreshGrant(emu, await refreshToken(emu), [
        'repository:samples/hello:pull',
        'repository:samples/signed:metadata_read registry:catalog:*',
      ]);
      const { access_token } = reply.json() as { access_token: string };
      expect(jwtPayload(access_token).access).toEqual([
        { type: 'repository', name: 'samples/hello', actions: ['pull'] },
        { type: 'repository', name: 'samples/signed', actions: ['metadata_read'] },
        { type: 'registry', name: 'catalog', actions: ['*'] },
      ]);
      expect((await call(emu, { path: '/v2/_catalog', bearer: access_token })).status).toBe(200);
    });

    test('a tampered or unknown refresh token is refused', async () => {
      const token = await refreshToken(emu);
      const [head, , sig] = token.split('.');
      const forged = `${head}.${Buffer.from(JSON.stringify({ exp: 9999999999, grant_type: 'refresh_token', sub: 'x' })).toString('base64url')}.${sig}`;
      expect((await refreshGrant(emu, forged, 'repository:samples/hello:pull')).status).toBe(401);
      expect((await refreshGrant(emu, 'not-a-jwt', 'repository:samples/hello:pull')).status).toBe(401);
    });
  });

  describe('password grant and Basic', () => {
    test('admin password grant gets what it asks for; a wrong password is 401', async () => {
      const token = await passwordToken(emu, [
        'repository:samples/hello:pull,push,delete,metadata_read,metadata_write',
      ]);
      expect(jwtPayload(token).access).toEqual([
        {
          type: 'repository',
          name: 'samples/hello',
          actions: ['pull', 'push', 'delete', 'metadata_read', 'metadata_write'],
        },
      ]);
      await expect(
        passwordToken(emu, ['repository:samples/hello:pull'], { username: 'admin', password: 'nope' }),
      ).rejects.toThrow(/401/);
    });

    test('a scoped token gets only the intersection, and only on its repositories', async () => {
      const reader = { username: 'reader', password: 'reader-pw' };
      const token = await passwordToken(
        emu,
        [
          'repository:samples/hello:pull,push,metadata_read,metadata_write',
          'repository:samples/multiarch:pull',
        ],
        reader,
      );
      expect(jwtPayload(token).access).toEqual([
        { type: 'repository', name: 'samples/hello', actions: ['pull', 'metadata_read'] },
        { type: 'repository', name: 'samples/multiarch', actions: [] },
      ]);
      expect((await call(emu, { path: '/v2/samples/hello/manifests/1.0', bearer: token })).status).toBe(200);
      const patch = await call(emu, {
        method: 'PATCH',
        path: `/acr/v1/${HELLO_PATH}/_tags/1.0`,
        bearer: token,
        body: '{"writeEnabled":false}',
      });
      expect(patch.status).toBe(401);
      expect(challengeParams(patch).error).toBe('insufficient_scope');
      expect(emu.store.getTag(HELLO.repository, HELLO.tag)?.attributes.writeEnabled).toBe(true);
      const multi = await call(emu, { path: '/v2/samples/multiarch/manifests/1.0', bearer: token });
      expect(multi.status).toBe(401);
      expect(challengeParams(multi)).toMatchObject({
        scope: 'repository:samples/multiarch:pull',
        error: 'insufficient_scope',
      });
      // Scoped tokens never list the catalog.
      const catalog = await passwordToken(emu, ['registry:catalog:*'], reader);
      expect(jwtPayload(catalog).access).toEqual([{ type: 'registry', name: 'catalog', actions: [] }]);
    });

    test('scope-map keys ending in /* cover the namespace', async () => {
      const token = await passwordToken(
        emu,
        ['repository:samples/signed:metadata_read', 'repository:other/x:metadata_read'],
        {
          username: 'ns',
          password: 'ns-pw',
        },
      );
      expect(jwtPayload(token).access).toEqual([
        { type: 'repository', name: 'samples/signed', actions: ['metadata_read'] },
        { type: 'repository', name: 'other/x', actions: [] },
      ]);
    });

    test('Basic auth works directly on registry routes, scoped per token', async () => {
      expect((await call(emu, { path: `/acr/v1/${HELLO_PATH}`, basic: emu.admin })).status).toBe(200);
      const reader = { username: 'reader', password: 'reader-pw' };
      expect((await call(emu, { path: '/v2/samples/hello/manifests/1.0', basic: reader })).status).toBe(200);
      const denied = await call(emu, { path: '/v2/samples/multiarch/manifests/1.0', basic: reader });
      expect(denied.status).toBe(401);
      expect(challengeParams(denied).error).toBe('insufficient_scope');
      const wrong = await call(emu, {
        path: `/acr/v1/${HELLO_PATH}`,
        basic: { username: 'admin', password: 'x' },
      });
      expect(wrong.status).toBe(401);
      expect(challengeParams(wrong).error).toBeUndefined();
    });

    test('GET /oauth2/token with Basic (docker, skopeo) answers token and access_token', async () => {
      const reply = await call(emu, {
        path: `/oauth2/token?service=${emu.loginServer}&scope=${encodeURIComponent('repository:samples/hello:pull,push')}`,
        basic: emu.admin,
      });
      expect(reply.status).toBe(200);
      const body = reply.json() as { token: string; access_token: string };
      expect(body.token).toBe(body.access_token);
      expect(jwtPayload(body.token).access).toEqual([
        { type: 'repository', name: 'samples/hello', actions: ['pull', 'push'] },
      ]);
      const wrong = await call(emu, {
        path: `/oauth2/token?service=${emu.loginServer}&scope=repository:samples/hello:pull`,
        basic: { username: 'admin', password: 'bad' },
      });
      expect(wrong.status).toBe(401);
      const anonymous = await call(emu, {
        path: `/oauth2/token?service=${emu.loginServer}&scope=repository:samples/hello:pull`,
      });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('anonymous pull', () => {
    let anon: RunningEmulator;
    beforeAll(async () => {
      anon = await startEmulator({ anonymousPull: true });
    });
    afterAll(async () => {
      await anon.close();
    });

    const anonymousGrant = (target: RunningEmulator, scope: string): Promise<Reply> =>
      call(target, {
        method: 'POST',
        path: '/oauth2/token?api-version=2021-07-01',
        headers: FORM_HEADERS,
        body: `service=${target.loginServer}&scope=${encodeURIComponent(scope)}&refresh_token=&grant_type=password`,
      });

    test('the SDK anonymous flow reads, but its token does not carry metadata_write', async () => {
      const read = await anonymousGrant(anon, 'repository:samples/hello:metadata_read');
      expect(read.status).toBe(200);
      const readToken = (read.json() as { access_token: string }).access_token;
      expect((await call(anon, { path: `/acr/v1/${HELLO_PATH}/_tags/1.0`, bearer: readToken })).status).toBe(
        200,
      );

      const write = await anonymousGrant(anon, 'repository:samples/hello:metadata_write');
      expect(write.status).toBe(200);
      const writeToken = (write.json() as { access_token: string }).access_token;
      const patch = await call(anon, {
        method: 'PATCH',
        path: `/acr/v1/${HELLO_PATH}`,
        bearer: writeToken,
        body: '{"deleteEnabled":false}',
      });
      expect(patch.status).toBe(401);
      expect(challengeParams(patch)).toMatchObject({
        scope: 'repository:samples/hello:metadata_write',
        error: 'insufficient_scope',
      });
      expect(anon.store.getRepository(HELLO.repository)?.attributes.deleteEnabled).toBe(true);
    });

    test('GET /oauth2/token without credentials gives an anonymous pull token', async () => {
      const reply = await call(anon, {
        path: `/oauth2/token?scope=${encodeURIComponent('repository:samples/hello:pull,push')}`,
      });
      expect(reply.status).toBe(200);
      expect(jwtPayload((reply.json() as { token: string }).token).access).toEqual([
        { type: 'repository', name: 'samples/hello', actions: ['pull'] },
      ]);
    });

    test('without anonymousPull the anonymous grant is refused', async () => {
      expect((await anonymousGrant(emu, 'repository:samples/hello:metadata_read')).status).toBe(401);
    });
  });

  describe('expiry', () => {
    let shortLived: RunningEmulator;
    beforeAll(async () => {
      shortLived = await startEmulator({ accessTokenTtlSeconds: 1, seed: true });
    });
    afterAll(async () => {
      await shortLived.close();
    });

    test('an expired access token gets the challenge again', async () => {
      const token = await passwordToken(shortLived, ['repository:samples/hello:metadata_read']);
      const exp = jwtPayload(token).exp as number;
      expect(exp - Date.now() / 1000).toBeLessThanOrEqual(2);
      const path = `/acr/v1/${HELLO_PATH}`;
      expect((await call(shortLived, { path, bearer: token })).status).toBe(200);
      await sleep(Math.max(0, exp * 1000 - Date.now()) + 50);
      const expired = await call(shortLived, { path, bearer: token });
      expect(expired.status).toBe(401);
      expect(challengeParams(expired)).toEqual({
        realm: `https://${shortLived.loginServer}/oauth2/token`,
        service: shortLived.loginServer,
        scope: 'repository:samples/hello:metadata_read',
      });
    });
  });
});
