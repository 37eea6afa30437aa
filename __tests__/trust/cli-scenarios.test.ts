// Trust scenarios through the CLI (in process, streams captured) against the emulator with faults
// injected: each asserts the exit status and the registry's real state, read back from its store.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, SAMPLES, type RunningEmulator } from '../../src/emulator/index.js';
import { generateCertificates } from '../../src/emulator/tls/generate-certificates.js';
import { cliMain } from '../../src/cli/program.js';
import { DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';

const { plain, multiArch } = SAMPLES;
const image = `${plain.repository}:${plain.tag}`;
const PASSWORD = 'S3cret-admin-pass-8Kq';

let emu: RunningEmulator;
/** Another origin on loopback: answers every request 200 with "locked" attributes, counts requests. */
let other: { server: Server; url: string; requests: Array<{ authorization?: string }> };
/** One PEM file with the emulator's CA and the other origin's: the client trusts both. */
let caFile: string;

beforeAll(async () => {
  emu = await startEmulator({ admin: { username: 'admin', password: PASSWORD } });
  const certs = await generateCertificates(['localhost']);
  const requests: Array<{ authorization?: string }> = [];
  const server = createServer({ key: certs.serverKeyPem, cert: certs.serverCertPem }, (req, res) => {
    requests.push({ authorization: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(manifestBody(plain.digest, { writeEnabled: false, deleteEnabled: false })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = { server, url: `https://localhost:${(server.address() as AddressInfo).port}`, requests };
  const dir = await mkdtemp(join(tmpdir(), 'acr-lock-trust-'));
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, `${emu.caCertPem}\n${certs.caCertPem}`);
});
afterAll(async () => {
  other.server.closeAllConnections();
  await new Promise((resolve) => other.server.close(resolve));
  await emu.close();
});

function resetAll(): void {
  for (const repo of emu.store.listRepositories()) {
    for (const tag of emu.store.listTags(repo))
      emu.store.updateTagAttributes(repo, tag.name, DEFAULT_ATTRIBUTES);
    for (const m of emu.store.listManifests(repo))
      emu.store.updateManifestAttributes(repo, m.digest, DEFAULT_ATTRIBUTES);
  }
  emu.store.setTag(plain.repository, plain.tag, plain.digest);
  emu.faults.clear();
  emu.clearRequestLog();
  other.requests.length = 0;
}
beforeEach(resetAll);

function manifestBody(digest: string, attributes: Partial<LockAttributes>) {
  return {
    registry: emu.loginServer,
    imageName: plain.repository,
    manifest: {
      digest,
      imageSize: 1,
      createdTime: '2026-01-01T00:00:00Z',
      lastUpdateTime: '2026-01-01T00:00:00Z',
      tags: [plain.tag],
      changeableAttributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
    },
  };
}

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  const code = await cliMain(
    [...args, '--registry', emu.loginServer, '--ca-cert', caFile, '-u', 'admin', '-p', PASSWORD],
    {
      env: {},
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readFile: (p) => readFile(p, 'utf8'),
    },
  );
  return { code, stdout, stderr, ms: Date.now() - started };
}

const attrs = (record: { attributes: LockAttributes } | undefined) => {
  if (!record) throw new Error('not in the registry');
  const { writeEnabled, deleteEnabled, readEnabled, listEnabled } = record.attributes;
  return { writeEnabled, deleteEnabled, readEnabled, listEnabled };
};
const tagOf = (repo: string, tag: string) => attrs(emu.store.getTag(repo, tag));
const manifestOf = (repo: string, digest: string) => attrs(emu.store.getManifest(repo, digest));
const LOCKED = { writeEnabled: false, deleteEnabled: false };
const MANIFEST_PATCH = { method: 'PATCH', path: /\/_manifests\// };

describe('timeouts (defect 1)', () => {
  test('a registry that never answers one request: the attempt times out and is retried; locked, exit 0', async () => {
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'delay', ms: 20_000 } });
    // The held request is answered 503 in the end, so it cannot land in a later test.
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status: 503 } });
    const run = await cli('apply', image, '--request-timeout', '300ms');
    expect(run.code).toBe(0);
    expect(manifestOf(plain.repository, plain.digest)).toMatchObject(LOCKED);
    expect(tagOf(plain.repository, plain.tag)).toMatchObject(LOCKED);
  }, 7000);

  test('the overall timeout ends the run with the exact partial report and exit 1', async () => {
    emu.faults.add({ match: { method: 'PATCH', path: /multiarch/ }, fault: { kind: 'delay', ms: 20_000 } });
    emu.faults.add({ match: { method: 'PATCH', path: /multiarch/ }, fault: { kind: 'status', status: 503 } });
    const run = await cli(
      'apply',
      image,
      `${multiArch.repository}:${multiArch.tag}`,
      '--timeout',
      '3s',
      '--json',
    );
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(7500);
    const report = JSON.parse(run.stdout) as {
      items: Array<{ ref: string; status: string; error?: { kind: string; message: string } }>;
    };
    // Manifests are written before tags: the plain manifest landed, its tag's turn never came.
    const plainItems = report.items.filter((i) => i.ref.includes(plain.repository));
    expect(plainItems).toMatchObject([
      { status: 'changed' },
      { status: 'failed', error: { kind: 'timeout', message: expect.stringContaining('not attempted') } },
    ]);
    const multi = report.items.filter((i) => i.ref.includes(multiArch.repository));
    expect(multi.length).toBeGreaterThan(0);
    for (const item of multi) expect(item).toMatchObject({ status: 'failed', error: { kind: 'timeout' } });
    expect(manifestOf(plain.repository, plain.digest)).toMatchObject(LOCKED);
    expect(tagOf(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
    expect(manifestOf(multiArch.repository, multiArch.digest)).toEqual(DEFAULT_ATTRIBUTES);
    expect(tagOf(multiArch.repository, multiArch.tag)).toEqual(DEFAULT_ATTRIBUTES);
  }, 10000);
});

describe('Retry-After (defect 2)', () => {
  test.each([
    ['seconds', '3600'],
    ['an HTTP date', new Date(Date.now() + 3_600_000).toUTCString()],
  ])(
    '429 with Retry-After in %s is capped, said in the log, then the lock lands',
    async (_kind, value) => {
      emu.faults.add({
        match: MANIFEST_PATCH,
        times: 1,
        fault: { kind: 'respond', status: 429, headers: { 'Retry-After': value }, body: '{"errors":[]}' },
      });
      const run = await cli('apply', image, '--max-retry-after', '200ms');
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).toMatch(/429 \(Retry-After .*capped at 0\.2 s\); waiting 0\.2 s/);
      expect(manifestOf(plain.repository, plain.digest)).toMatchObject(LOCKED);
    },
    7000,
  );

  test('a wait that would pass the overall timeout is not waited: exit 1 at once, nothing changed', async () => {
    emu.faults.add({ match: MANIFEST_PATCH, fault: { kind: 'status', status: 429, retryAfterSeconds: 30 } });
    const run = await cli('apply', image, '--timeout', '3s');
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(2500);
    expect(run.stdout + run.stderr).toContain('would pass the overall timeout');
    expect(manifestOf(plain.repository, plain.digest)).toEqual(DEFAULT_ATTRIBUTES);
  }, 7000);
});

describe('transient faults are retried', () => {
  test.each([500, 502, 503])('%i once on the manifest write: locked, exit 0', async (status) => {
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'status', status } });
    const run = await cli('apply', image);
    expect(run.code).toBe(0);
    expect(manifestOf(plain.repository, plain.digest)).toMatchObject(LOCKED);
  });

  test('a connection dropped mid-answer: retried, locked, exit 0', async () => {
    emu.faults.add({
      match: { method: 'GET', path: /\/_tags\// },
      times: 1,
      fault: {
        kind: 'respond',
        status: 200,
        body: '{"registry":"x","imageName":"y","tag":{"name":"',
        dropAfterBytes: 20,
      },
    });
    const run = await cli('apply', image);
    expect(run.code).toBe(0);
    expect(tagOf(plain.repository, plain.tag)).toMatchObject(LOCKED);
  });

  test('the token endpoint failing every time: exit 1, nothing changed', async () => {
    emu.faults.add({ match: { path: /^\/oauth2\/token/ }, fault: { kind: 'status', status: 503 } });
    const run = await cli('apply', image, '--timeout', '2s');
    expect(run.code).toBe(1);
    expect(tagOf(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('tokens and connections', () => {
  test('an expired access token (401 once): a fresh token is fetched, locked, exit 0', async () => {
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'respond', status: 401, body: '{}' } });
    const run = await cli('apply', image);
    expect(run.code).toBe(0);
    expect(manifestOf(plain.repository, plain.digest)).toMatchObject(LOCKED);
    expect(emu.requestLog.filter((r) => r.path === '/oauth2/token')).toHaveLength(2);
  });

  test('the token refresh fails after expiry: exit 1, the manifest stays open', async () => {
    let tokenRequests = 0;
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'respond', status: 401, body: '{}' } });
    const original = emu.faults.take.bind(emu.faults);
    emu.faults.take = (method, path) => {
      if (path.startsWith('/oauth2/token') && ++tokenRequests > 1) return [{ kind: 'status', status: 503 }];
      return original(method, path);
    };
    try {
      const run = await cli('apply', image, '--timeout', '3s');
      expect(run.code).toBe(1);
      expect(manifestOf(plain.repository, plain.digest)).toEqual(DEFAULT_ATTRIBUTES);
    } finally {
      emu.faults.take = original;
    }
  });

  test('a connection dropped before the answer: retried, locked, exit 0', async () => {
    emu.faults.add({ match: MANIFEST_PATCH, times: 1, fault: { kind: 'drop' } });
    const run = await cli('apply', image);
    expect(run.code).toBe(0);
    expect(manifestOf(plain.repository, plain.digest)).toMatchObject(LOCKED);
  });
});

describe('redirects (defect 4)', () => {
  test('a 307 to another origin is refused: exit 1, the registry unchanged, nothing sent there', async () => {
    emu.faults.add({
      match: MANIFEST_PATCH,
      fault: {
        kind: 'respond',
        status: 307,
        headers: { Location: `${other.url}/acr/v1/${plain.repository}/_manifests/${plain.digest}` },
      },
    });
    const run = await cli('apply', image);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('follows no redirect');
    expect(other.requests).toEqual([]);
    expect(manifestOf(plain.repository, plain.digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('credentials go to one host (defect 3)', () => {
  test('a reference naming another login server is refused before any request, naming the reference', async () => {
    const run = await cli('apply', image, 'evil.example:443/app:1');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'evil.example:443/app:1'");
    expect(run.stderr).toContain(`bound to ${emu.loginServer}`);
    expect(emu.requestLog).toEqual([]);
    expect(tagOf(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('refused credentials (defect 12)', () => {
  test('after the registry refuses the password, no further request goes to it; one shared reason', async () => {
    const refs = Array.from({ length: 12 }, (_v, i) => `app${i}:1`);
    let stdout = '';
    let stderr = '';
    const code = await cliMain(
      [
        'apply',
        ...refs,
        '--registry',
        emu.loginServer,
        '--ca-cert',
        caFile,
        '-u',
        'admin',
        '-p',
        'wrong-8Jx2',
      ],
      {
        env: {},
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        readFile: (p) => readFile(p, 'utf8'),
      },
    );
    expect(code).toBe(1);
    expect(emu.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /oauth2/token 401',
    ]);
    expect(stderr.match(/refused the credentials/g)).toHaveLength(1);
    expect(stdout).toContain('app11:1');
  });
});

describe('registry text is neutralised (defects 7 and 8)', () => {
  const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6OTk5OTk5OTk5OX0.c2lnbmF0dXJl';
  test.each([
    ['an ##vso command', 'x\n##vso[task.setvariable variable=evil]1'],
    ['a workflow command', '\n::error::pwned'],
    ['an echoed bearer token', `Bearer ${JWT}`],
  ])('an error code carrying %s never reaches the output raw', async (_name, code) => {
    emu.faults.add({
      match: { method: 'GET', path: /\/_tags\// },
      fault: {
        kind: 'respond',
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errors: [{ code, message: `m ${JWT}` }] }),
      },
    });
    for (const json of [false, true]) {
      const run = await cli('apply', image, ...(json ? ['--json'] : []));
      expect(run.code).toBe(1);
      const text = run.stdout + run.stderr;
      expect(text).not.toContain('##vso[');
      expect(text).not.toMatch(/^\s*::/m);
      expect(text).not.toContain(JWT);
    }
    expect(tagOf(plain.repository, plain.tag)).toEqual(DEFAULT_ATTRIBUTES);
  });

  test('a registry echoing the password and a bearer token: neither reaches the table, stderr or --json', async () => {
    emu.faults.add({
      match: { method: 'PATCH' },
      fault: {
        kind: 'respond',
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errors: [{ code: `Bearer ${JWT} ${PASSWORD}`, message: PASSWORD }] }),
      },
    });
    for (const json of [false, true]) {
      const run = await cli('apply', image, ...(json ? ['--json'] : []));
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toContain(PASSWORD);
      expect(run.stdout + run.stderr).not.toContain(JWT);
      expect(run.stdout + run.stderr).toContain('<redacted token>');
    }
  });

  test('a malformed digest from the registry is a protocol error; nothing is written', async () => {
    emu.faults.add({
      match: { method: 'GET', path: /\/_tags\// },
      fault: {
        kind: 'respond',
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          registry: emu.loginServer,
          imageName: plain.repository,
          tag: {
            name: plain.tag,
            digest: 'sha256:ABC\n##vso[task.complete result=Succeeded]',
            createdTime: '2026-01-01T00:00:00Z',
            lastUpdateTime: '2026-01-01T00:00:00Z',
            signed: false,
            changeableAttributes: DEFAULT_ATTRIBUTES,
          },
        }),
      },
    });
    const run = await cli('apply', image);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('malformed digest');
    expect(run.stdout + run.stderr).not.toContain('##vso[');
    expect(emu.requestLog.filter((r) => r.method === 'PATCH')).toEqual([]);
  });
});

describe('moved tags (defect 5)', () => {
  test('delete-protect on a tag already protected: a push moving it during the manifest write fails the run', async () => {
    const moved = emu.store.putManifest(
      plain.repository,
      emu.store.getManifest(SAMPLES.signed.repository, SAMPLES.signed.digest)!.bytes,
    );
    try {
      emu.store.updateTagAttributes(plain.repository, plain.tag, { deleteEnabled: false });
      emu.faults.add({
        match: MANIFEST_PATCH,
        times: 1,
        fault: { kind: 'move-tag', repository: plain.repository, tag: plain.tag, toDigest: moved.digest },
      });
      const run = await cli('apply', image, '--mode', 'delete-protect', '--json');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { items: Array<{ kind: string; error?: { kind: string } }> };
      expect(report.items.find((i) => i.kind === 'tag')?.error?.kind).toBe('moved');
      // The registry's truth: the tag now names a manifest this run never protected.
      expect(emu.store.getTag(plain.repository, plain.tag)?.digest).toBe(moved.digest);
      expect(manifestOf(plain.repository, moved.digest).deleteEnabled).toBe(true);
    } finally {
      emu.store.setTag(plain.repository, plain.tag, plain.digest);
      emu.store.deleteManifest(plain.repository, moved.digest);
    }
  });

  test('a manifest deleted between resolve and write: reported failed (not found), exit 1', async () => {
    emu.faults.add({
      match: MANIFEST_PATCH,
      fault: {
        kind: 'respond',
        status: 404,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
      },
    });
    const run = await cli('apply', image, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { items: Array<{ kind: string; error?: { kind: string } }> };
    expect(report.items.find((i) => i.kind === 'manifest')?.error?.kind).toBe('not-found');
    expect(manifestOf(plain.repository, plain.digest)).toEqual(DEFAULT_ATTRIBUTES);
  });
});

describe('shared manifests (defect 6)', () => {
  beforeEach(() => {
    emu.store.setTag(multiArch.repository, 'latest', multiArch.digest);
  });
  afterAll(() => {
    emu.store.deleteTag(multiArch.repository, 'latest');
  });
  const lockImage = () => {
    emu.store.updateTagAttributes(multiArch.repository, multiArch.tag, {
      writeEnabled: false,
      deleteEnabled: false,
    });
    for (const digest of [multiArch.digest, ...multiArch.children])
      emu.store.updateManifestAttributes(multiArch.repository, digest, {
        writeEnabled: false,
        deleteEnabled: false,
      });
  };

  test('unlocking latest keeps the manifest (and its children) that the protected 1.0 relies on', async () => {
    lockImage();
    const run = await cli('apply', `${multiArch.repository}:latest`, '--mode', 'unlock', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      items: Array<{ kind: string; status: string; keptBy?: string[] }>;
      summary: { kept: number };
    };
    const manifests = report.items.filter((i) => i.kind === 'manifest');
    expect(manifests.length).toBe(1 + multiArch.children.length);
    for (const item of manifests)
      expect(item).toMatchObject({ status: 'kept', keptBy: [`${multiArch.repository}:${multiArch.tag}`] });
    expect(run.stderr).toContain('force-unlock-shared');
    for (const digest of [multiArch.digest, ...multiArch.children])
      expect(manifestOf(multiArch.repository, digest)).toMatchObject(LOCKED);
    expect(tagOf(multiArch.repository, multiArch.tag)).toMatchObject(LOCKED);
  });

  test('--force-unlock-shared unlocks it anyway', async () => {
    lockImage();
    const run = await cli(
      'apply',
      `${multiArch.repository}:latest`,
      '--mode',
      'unlock',
      '--force-unlock-shared',
    );
    expect(run.code).toBe(0);
    for (const digest of [multiArch.digest, ...multiArch.children])
      expect(manifestOf(multiArch.repository, digest)).toMatchObject({
        writeEnabled: true,
        deleteEnabled: true,
      });
    expect(tagOf(multiArch.repository, multiArch.tag)).toMatchObject(LOCKED);
  });

  test('unlocking every tag of the manifest at once unlocks it: no other tag protects it', async () => {
    lockImage();
    const run = await cli(
      'apply',
      `${multiArch.repository}:latest`,
      `${multiArch.repository}:${multiArch.tag}`,
      '--mode',
      'unlock',
    );
    expect(run.code).toBe(0);
    expect(manifestOf(multiArch.repository, multiArch.digest)).toMatchObject({ writeEnabled: true });
  });
});
