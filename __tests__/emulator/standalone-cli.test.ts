import { describe, expect, test } from '@jest/globals';
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES, SAMPLE_CONTENT } from '../../src/emulator/index.js';
import { call, type Reply } from './support/https-client.js';
import { acrPath } from './support/registry-calls.js';
import { runToExit, startStandalone, type StandaloneProcess } from './support/standalone-process.js';
import { skipSkopeo, skopeo } from './support/skopeo.js';

/**
 * Every `acr-lock emulator` flag, through the standalone process (`src/cli/main.ts emulator`), as
 * another team's pipeline would run it: facts read from `--json`/`--print-env`, state read back over
 * HTTPS.
 */
const admin = (p: StandaloneProcess): { username: string; password: string } => ({
  username: p.env.ACR_EMULATOR_USERNAME,
  password: p.env.ACR_EMULATOR_PASSWORD,
});

async function withStandalone<T>(
  args: readonly string[],
  body: (p: StandaloneProcess) => Promise<T>,
  env: NodeJS.ProcessEnv = {},
): Promise<T> {
  const p = await startStandalone(args, { env });
  try {
    return await body(p);
  } finally {
    expect(await p.stop()).toBe(0);
  }
}

const basicGet = (p: StandaloneProcess, path: string, creds = admin(p)): Promise<Reply> =>
  call(p.client, { path, basic: creds });

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('acr-lock emulator (standalone process)', () => {
  test('--json prints the facts first, then the banner; --print-env prints NAME=value lines', async () => {
    await withStandalone([], async (p) => {
      expect(p.env).toMatchObject({
        ACR_EMULATOR_LOGIN_SERVER: `localhost:${p.env.port}`,
        ACR_EMULATOR_URL: `https://localhost:${p.env.port}`,
        ACR_EMULATOR_USERNAME: 'acrlock',
      });
      expect(p.env.ACR_EMULATOR_PASSWORD).toMatch(/^[\w-]{20,}$/);
      expect(p.stdout()).toContain('Login server : localhost:');
      expect((await basicGet(p, '/v2/')).status).toBe(200);
    });
    const env = await startStandalone(['--print-env'], {
      json: false,
      ready: (out) => out.includes('ACR_EMULATOR_PASSWORD='),
    });
    try {
      const lines = Object.fromEntries(
        env
          .stdout()
          .trim()
          .split('\n')
          .map((line) => line.split(/=(.*)/s).slice(0, 2)),
      ) as Record<string, string>;
      expect(Object.keys(lines)).toEqual([
        'ACR_EMULATOR_LOGIN_SERVER',
        'ACR_EMULATOR_URL',
        'ACR_EMULATOR_CA_FILE',
        'ACR_EMULATOR_USERNAME',
        'ACR_EMULATOR_PASSWORD',
      ]);
      expect(env.stdout()).not.toContain('Login server :');
      const caCertPem = await readFile(lines.ACR_EMULATOR_CA_FILE ?? '', 'utf8');
      const reply = await call(
        { url: lines.ACR_EMULATOR_URL ?? '', caCertPem },
        { path: '/v2/', basic: { username: 'acrlock', password: lines.ACR_EMULATOR_PASSWORD ?? '' } },
      );
      expect(reply.status).toBe(200);
    } finally {
      expect(await env.stop()).toBe(0);
    }
  });

  test('--username/--password, or ACR_EMULATOR_USERNAME/ACR_EMULATOR_PASSWORD, fix the admin credentials', async () => {
    await withStandalone(['--username', 'ci', '--password', 'flag-secret'], async (p) => {
      expect(admin(p)).toEqual({ username: 'ci', password: 'flag-secret' });
      expect((await basicGet(p, '/v2/', { username: 'ci', password: 'flag-secret' })).status).toBe(200);
      expect((await basicGet(p, '/v2/', { username: 'ci', password: 'wrong' })).status).toBe(401);
    });
    await withStandalone(
      [],
      async (p) => {
        expect(admin(p)).toEqual({ username: 'envuser', password: 'env-secret' });
        expect((await basicGet(p, '/v2/', { username: 'envuser', password: 'env-secret' })).status).toBe(200);
      },
      { ACR_EMULATOR_USERNAME: 'envuser', ACR_EMULATOR_PASSWORD: 'env-secret' },
    );
  });

  test('--scoped-token grants only its scope-map actions on its repositories (repeatable)', async () => {
    await withStandalone(
      [
        '--scoped-token',
        'reader:pw1:samples/hello=content/read,metadata/read',
        '--scoped-token',
        'writer:pw2:samples/*=metadata/read,metadata/write',
      ],
      async (p) => {
        const reader = { username: 'reader', password: 'pw1' };
        const writer = { username: 'writer', password: 'pw2' };
        const helloTag = acrPath(SAMPLES.plain.repository, `/_tags/${SAMPLES.plain.tag}`);
        expect((await basicGet(p, `/v2/${SAMPLES.plain.repository}/manifests/1.0`, reader)).status).toBe(200);
        expect((await basicGet(p, helloTag, reader)).status).toBe(200);
        expect((await basicGet(p, acrPath(SAMPLES.signed.repository), reader)).status).toBe(401);
        const patch = (creds: { username: string; password: string }): Promise<Reply> =>
          call(p.client, {
            method: 'PATCH',
            path: helloTag,
            basic: creds,
            headers: { 'Content-Type': 'application/json' },
            body: '{"writeEnabled":false}',
          });
        expect((await patch(reader)).status).toBe(401);
        expect((await patch(writer)).status).toBe(200);
        expect((await basicGet(p, `/v2/${SAMPLES.plain.repository}/manifests/1.0`, writer)).status).toBe(401);
      },
    );
  });

  test('--anonymous-pull lets a client without credentials pull; without it, it may not', async () => {
    const anonymousPull = async (p: StandaloneProcess): Promise<number> => {
      const token = await call(p.client, {
        path: `/oauth2/token?service=${p.env.ACR_EMULATOR_LOGIN_SERVER}&scope=repository:samples/hello:pull`,
      });
      if (token.status !== 200) return token.status;
      const { access_token } = token.json() as { access_token: string };
      return (await call(p.client, { path: '/v2/samples/hello/manifests/1.0', bearer: access_token })).status;
    };
    await withStandalone(['--anonymous-pull'], async (p) => expect(await anonymousPull(p)).toBe(200));
    await withStandalone([], async (p) => expect(await anonymousPull(p)).toBe(401));
  });

  test('--port and --hostname: where it listens and the name in the login server and certificate', async () => {
    const port = await freePort();
    await withStandalone(['--port', String(port), '--hostname', 'registry.local'], async (p) => {
      expect(p.env.port).toBe(port);
      expect(p.env.ACR_EMULATOR_LOGIN_SERVER).toBe(`registry.local:${port}`);
      // The certificate names localhost too, so this machine can connect by it.
      const challenge = await call(p.client, { path: '/v2/' });
      expect(challenge.headers['www-authenticate']).toBe(
        `Bearer realm="https://registry.local:${port}/oauth2/token",service="registry.local:${port}"`,
      );
    });
  });

  test('--no-seed starts empty', async () => {
    await withStandalone(['--no-seed'], async (p) => {
      expect((await basicGet(p, '/acr/v1/_catalog')).json()).toEqual({ repositories: [] });
      expect(p.stdout()).not.toContain('Sample images');
    });
  });

  test('--data-dir keeps the registry and its CA across restarts; without it, memory only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acr-emulator-data-'));
    try {
      const tag = acrPath(SAMPLES.plain.repository, `/_tags/${SAMPLES.plain.tag}`);
      const lock = async (p: StandaloneProcess): Promise<void> => {
        const reply = await call(p.client, {
          method: 'PATCH',
          path: tag,
          basic: admin(p),
          headers: { 'Content-Type': 'application/json' },
          body: '{"deleteEnabled":false}',
        });
        expect(reply.status).toBe(200);
        const untag = await call(p.client, {
          method: 'DELETE',
          path: acrPath(SAMPLES.multiArch.repository, `/_tags/${SAMPLES.multiArch.tag}`),
          basic: admin(p),
        });
        expect(untag.status).toBe(202);
      };
      const args = ['--data-dir', dir, '--password', 'pw'];
      const firstCa = await withStandalone(args, async (p) => {
        await lock(p);
        return p.client.caCertPem;
      });
      await withStandalone(args, async (p) => {
        expect(p.client.caCertPem).toBe(firstCa);
        const attributes = (await basicGet(p, tag)).json() as { tag: { changeableAttributes: unknown } };
        expect(attributes.tag.changeableAttributes).toMatchObject({ deleteEnabled: false });
        const gone = await basicGet(
          p,
          acrPath(SAMPLES.multiArch.repository, `/_tags/${SAMPLES.multiArch.tag}`),
        );
        expect(gone.status).toBe(404);
        // Content survives too: the manifest and the blobs behind it come back byte for byte.
        const manifest = await basicGet(p, `/v2/${SAMPLES.plain.repository}/manifests/1.0`);
        expect(manifest.body.equals(SAMPLE_CONTENT.plain.bytes)).toBe(true);
        for (const blob of SAMPLE_CONTENT.plain.blobs) {
          const reply = await basicGet(p, `/v2/${SAMPLES.plain.repository}/blobs/${blob.digest}`);
          expect(reply.body.equals(blob.bytes)).toBe(true);
        }
      });
      await withStandalone(['--password', 'pw'], async (p) => {
        const attributes = (await basicGet(p, tag)).json() as { tag: { changeableAttributes: unknown } };
        expect(attributes.tag.changeableAttributes).toMatchObject({ deleteEnabled: true });
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--log FILE gets one JSON line per request: time, method, path, query, status, principal, duration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acr-emulator-log-'));
    const file = join(dir, 'requests.jsonl');
    try {
      await withStandalone(['--log', file, '--username', 'logger', '--password', 'pw'], async (p) => {
        await basicGet(p, acrPath(SAMPLES.plain.repository));
        await call(p.client, { path: '/v2/?x=1' });
      });
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toEqual([
        {
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          method: 'GET',
          path: '/acr/v1/samples/hello',
          query: null,
          status: 200,
          principal: 'logger',
          durationMs: expect.any(Number),
        },
        expect.objectContaining({ method: 'GET', path: '/v2/', query: 'x=1', status: 401, principal: null }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--fault answers a status with Retry-After for a count of requests', async () => {
    await withStandalone(
      ['--fault', 'status=503,retry-after=2,times=2,method=GET,route=^/v2/$'],
      async (p) => {
        const first = await basicGet(p, '/v2/');
        expect([first.status, first.headers['retry-after']]).toEqual([503, '2']);
        expect((await basicGet(p, '/v2/')).status).toBe(503);
        expect((await basicGet(p, '/v2/')).status).toBe(200);
      },
    );
  });

  test('--fault with p= and --fault-seed: the same seed drops the same requests', async () => {
    const outcomes = (seed: string): Promise<string> =>
      withStandalone(['--fault', 'drop,p=0.5,route=^/acr/v1/_catalog$', '--fault-seed', seed], async (p) => {
        let seen = '';
        for (let i = 0; i < 12; i++) {
          seen += await basicGet(p, '/acr/v1/_catalog').then(
            (r) => String(r.status === 200 ? 1 : 0),
            () => 'x',
          );
        }
        return seen;
      });
    const first = await outcomes('7');
    expect(first).toMatch(/^[1x]{12}$/);
    expect(first).toContain('x');
    expect(first).toContain('1');
    expect(await outcomes('7')).toBe(first);
  });

  test('--fault delay holds matching requests', async () => {
    await withStandalone(['--fault', 'delay=300,times=1,route=^/v2/$'], async (p) => {
      const started = Date.now();
      await basicGet(p, '/v2/');
      // Not a timing assertion on our speed: the delay is a lower bound the emulator must honour.
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    });
  });

  test('--rate-limit N: the read after N in a minute gets 429 with Retry-After; writes count apart', async () => {
    await withStandalone(['--rate-limit', '3'], async (p) => {
      for (let i = 0; i < 3; i++) expect((await basicGet(p, '/acr/v1/_catalog')).status).toBe(200);
      const refused = await basicGet(p, '/acr/v1/_catalog');
      expect(refused.status).toBe(429);
      expect(refused.json()).toMatchObject({ errors: [{ code: 'TOOMANYREQUESTS' }] });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      const write = await call(p.client, {
        method: 'PATCH',
        path: acrPath(SAMPLES.plain.repository),
        basic: admin(p),
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(write.status).toBe(200);
    });
  });

  test("--rate-limit basic: ACR Basic's 100 writes a minute, then 429", async () => {
    await withStandalone(['--rate-limit', 'basic'], async (p) => {
      const write = (): Promise<Reply> =>
        call(p.client, {
          method: 'PATCH',
          path: acrPath(SAMPLES.plain.repository),
          basic: admin(p),
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
      const statuses: number[] = [];
      for (let i = 0; i < 101; i++) statuses.push((await write()).status);
      expect(statuses.slice(0, 100).every((s) => s === 200)).toBe(true);
      expect(statuses[100]).toBe(429);
      // Reads have their own budget (1,000 on Basic).
      expect((await basicGet(p, '/acr/v1/_catalog')).status).toBe(200);
    });
  });

  test('--referrers-page-size pages the referrers API with a Link', async () => {
    const chain = SAMPLES.supplyChain;
    await withStandalone(['--referrers-page-size', '1'], async (p) => {
      const first = await basicGet(p, `/v2/${chain.repository}/referrers/${chain.children[0]}`);
      expect((first.json() as { manifests: unknown[] }).manifests).toHaveLength(1);
      const next = /^<([^>]+)>; rel="next"$/.exec(String(first.headers.link))?.[1] ?? '';
      expect(next).toMatch(new RegExp(`^/v2/${chain.repository}/referrers/${chain.children[0]}\\?last=`));
      const second = await basicGet(p, next);
      expect((second.json() as { manifests: unknown[] }).manifests).toHaveLength(1);
      expect(second.headers.link).toBeUndefined();
    });
  });

  test('--max-page-size refuses a larger n; with --oversized-page cap it answers a page of the maximum', async () => {
    const catalog = '/acr/v1/_catalog';
    await withStandalone(['--max-page-size', '2'], async (p) => {
      const refused = await basicGet(p, `${catalog}?n=3`);
      expect(refused.status).toBe(400);
      expect(refused.json()).toMatchObject({ errors: [{ code: 'PAGINATION_NUMBER_INVALID' }] });
      expect((await basicGet(p, `${catalog}?n=2`)).status).toBe(200);
    });
    await withStandalone(['--max-page-size', '2', '--oversized-page', 'cap'], async (p) => {
      const capped = await basicGet(p, `${catalog}?n=1000`);
      expect(capped.status).toBe(200);
      const { repositories } = capped.json() as { repositories: string[] };
      expect(repositories).toHaveLength(2);
      expect(capped.headers.link).toBe(
        `<${catalog}?last=${encodeURIComponent(repositories[1] ?? '')}&n=2>; rel="next"`,
      );
    });
  });

  test('--listen puts the server on that address only', async () => {
    await withStandalone(['--listen', '127.0.0.2'], async (p) => {
      const there = await call(
        { url: `https://127.0.0.2:${p.env.port}`, caCertPem: p.client.caCertPem },
        { path: '/v2/', basic: admin(p) },
      );
      expect(there.status).toBe(200);
      await expect(basicGet(p, '/v2/')).rejects.toThrow(/ECONNREFUSED/);
    });
  });

  test('--advertise HOST:PORT: login server, realm and certificate follow the forwarder clients use', async () => {
    const forwardPort = await freePort();
    await withStandalone(['--advertise', `localhost:${forwardPort}`], async (p) => {
      expect(p.env.ACR_EMULATOR_LOGIN_SERVER).toBe(`localhost:${forwardPort}`);
      const sockets = new Set<Socket>();
      const forwarder: Server = createTcpServer((socket) => {
        const upstream = connect(p.env.port, '127.0.0.1');
        sockets.add(socket).add(upstream);
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      });
      await new Promise<void>((resolve) => forwarder.listen(forwardPort, '127.0.0.1', resolve));
      try {
        const challenge = await call(
          { url: `https://localhost:${forwardPort}`, caCertPem: p.client.caCertPem },
          { path: '/v2/samples/hello/tags/list' },
        );
        expect(challenge.headers['www-authenticate']).toContain(
          `realm="https://localhost:${forwardPort}/oauth2/token",service="localhost:${forwardPort}"`,
        );
        if (!skipSkopeo) {
          const certDir = join(p.env.ACR_EMULATOR_CA_FILE, '..');
          const tags = await skopeo([
            'list-tags',
            '--cert-dir',
            certDir,
            '--creds',
            `${p.env.ACR_EMULATOR_USERNAME}:${p.env.ACR_EMULATOR_PASSWORD}`,
            `docker://localhost:${forwardPort}/samples/hello`,
          ]);
          expect(tags.stderr).toBe('');
          expect(JSON.parse(tags.stdout)).toEqual({
            Repository: `localhost:${forwardPort}/samples/hello`,
            Tags: ['1.0'],
          });
        }
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => forwarder.close(() => resolve()));
      }
    });
  });

  test('--advertise HOST:443 (or a server on 443): no :443 in the login server or the realm', async () => {
    await withStandalone(['--advertise', 'registry.example.test:443'], async (p) => {
      expect(p.env.ACR_EMULATOR_LOGIN_SERVER).toBe('registry.example.test');
      const challenge = await call(p.client, { path: '/v2/' });
      expect(challenge.headers['www-authenticate']).toBe(
        'Bearer realm="https://registry.example.test/oauth2/token",service="registry.example.test"',
      );
      const repo = (await basicGet(p, acrPath(SAMPLES.plain.repository))).json() as { registry: string };
      expect(repo.registry).toBe('registry.example.test');
    });
  });

  test('a busy port is one clear line and exit code 1, not a stack trace', async () => {
    const blocker = createTcpServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runToExit(['--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `acr-lock emulator: 127.0.0.1 port ${port} is already in use; choose another --port (0 picks a free one).`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  test.each([
    [
      ['--fault', 'teleport=1'],
      "option '--fault <spec>' argument 'teleport=1' is invalid. unknown key 'teleport'",
    ],
    [['--scoped-token', 'ci:pw:app=content/fly'], "'content/fly' is not an action"],
    [['--rate-limit', 'gold'], 'expected basic, standard, premium or a number'],
    [['--advertise', 'bad host'], "'bad host' is not HOST or HOST:PORT"],
    [['--print-env', '--json'], "option '--print-env' cannot be used with option '--json'"],
    [
      ['--max-page-size', '0'],
      "option '--max-page-size <n>' argument '0' is invalid. expected a whole number of 1 or more.",
    ],
    [
      ['--oversized-page', 'trim'],
      "option '--oversized-page <refuse|cap>' argument 'trim' is invalid. Allowed choices are refuse, cap.",
    ],
  ])('bad flag %j: one usage error naming it, nothing started', async (args, message) => {
    const result = await runToExit(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
