// Secret scan: known secrets fed through every way the action signs in (registry password, Entra client
// secret, certificate key, the runner's OIDC token, the Entra tokens it yields, ACR's refresh and access
// tokens), with debug on (RUNNER_DEBUG, ACTIONS_STEP_DEBUG, AZURE_LOG_LEVEL=verbose), on success and on
// failure; stdout, stderr, every output, the summary, the report file and every file left in the
// runner's temp directory are scanned. ACR's tokens are caught by shape: no JWT may appear at all.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { CLOUD_PROFILES } from '../../src/core/model/cloud.js';
import type { InputName } from '../../src/core/settings/input-names.js';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { startEntraStub, type EntraStub } from '../helpers/entra-stub.js';
import { startGitHubOidcStub, type GitHubOidcStub } from '../helpers/github-oidc-stub.js';
import { resetAll } from '../github/registry-state.js';
import { runAction, writeCaBundle, type ActionRun } from '../github/run-action.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0b3f5a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const CERT_APP = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
const CLIENT_SECRET = 'Cl1ent~S3cret.Scan_4Rt';
const ADMIN = { username: 'admin', password: 'Adm1n-pass-Scan9Q' };
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', AZURE_LOG_LEVEL: 'verbose' };
const { plain } = SAMPLES;

let oidc: GitHubOidcStub;
let entra: EntraStub;
let dir: string;
let caBundle: string;
let certificatePath: string;
let keyLines: string[];
beforeAll(async () => {
  oidc = await startGitHubOidcStub();
  const generated = await generate([{ name: 'commonName', value: 'acr-lock-scan' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
  });
  entra = await startEntraStub({
    apps: [
      {
        tenantId: TENANT,
        clientId: APP,
        clientSecret: CLIENT_SECRET,
        federatedCredentials: [{ issuer: oidc.issuer, subject: oidc.subject }],
      },
      { tenantId: TENANT, clientId: CERT_APP, certificates: [generated.cert] },
    ],
    issuers: [{ issuer: oidc.issuer, publicKey: oidc.signingKey.publicKey }],
  });
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-scan-'));
  certificatePath = join(dir, 'client-certificate.pem');
  await writeFile(certificatePath, `${generated.cert}\n${generated.private}`);
  keyLines = generated.private.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
});
const emu = withEmulator({
  admin: ADMIN,
  entra: {
    verifyAccessToken: (token) =>
      Object.values(CLOUD_PROFILES).some((c) => entra.verifyAccessToken(token, c.acrAudience)),
  },
});
beforeAll(async () => {
  caBundle = await writeCaBundle(dir, [emu.caCertPem, entra.caCertPem, oidc.caCertPem]);
});
afterAll(async () => {
  await Promise.all([oidc?.close(), entra?.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetAll(emu.store);
  emu.faults.clear();
  emu.clearRequestLog();
});

/** Every file under a directory, with its content. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

async function scanRun(
  inputs: Partial<Record<InputName, string>>,
  env: Record<string, string>,
): Promise<{ run: ActionRun; everything: string }> {
  const runnerTemp = await mkdtemp(join(dir, 'runner-temp-'));
  const run = await runAction({
    inputs: { image: `${plain.repository}:${plain.tag}`, registry: emu.loginServer, ...inputs },
    env: {
      NODE_EXTRA_CA_CERTS: caBundle,
      AZURE_AUTHORITY_HOST: entra.authorityHost,
      RUNNER_TEMP: runnerTemp,
      ...DEBUG,
      ...env,
    },
  });
  const stdout = run.stdout.replace(/^::add-mask::.*$/gm, '');
  const files = await filesUnder(runnerTemp);
  const everything = [stdout, run.stderr, ...Object.values(run.outputs), run.summary, ...files].join('\n');
  return { run, everything };
}

function expectNoSecret(everything: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(JWT_SHAPE);
}

/** A registry that echoes the request's credentials back in its error (the worst case). */
function echoingRegistry(): void {
  const echoed = `Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNjYW4 ${ADMIN.password} ${CLIENT_SECRET}`;
  emu.faults.add({
    match: { method: 'PATCH' },
    fault: {
      kind: 'respond',
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ errors: [{ code: echoed, message: echoed, detail: echoed }] }),
    },
  });
}

const cases: Array<
  [string, Partial<Record<InputName, string>>, () => Record<string, string>, () => string[]]
> = [
  [
    'registry password',
    { username: ADMIN.username, password: ADMIN.password },
    () => ({}),
    () => [ADMIN.password],
  ],
  [
    'Entra client secret',
    {},
    () => ({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: CLIENT_SECRET }),
    () => [CLIENT_SECRET, ...entra.issued],
  ],
  [
    'certificate key',
    {},
    () => ({
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CERT_APP,
      AZURE_CLIENT_CERTIFICATE_PATH: certificatePath,
    }),
    () => [...keyLines, ...entra.issued],
  ],
  [
    'OIDC federation',
    { 'client-id': APP, 'tenant-id': TENANT },
    () => oidc.env,
    () => [...oidc.issued, ...entra.issued],
  ],
];

describe('no secret in any output, with debug on', () => {
  test.each(cases)(
    '%s, success',
    async (_name, inputs, env, secrets) => {
      const { run, everything } = await scanRun(inputs, env());
      expect(run.code).toBe(0);
      expectNoSecret(everything, secrets());
    },
    20_000,
  );

  test.each(cases)(
    '%s, a registry echoing credentials in its errors',
    async (_name, inputs, env, secrets) => {
      echoingRegistry();
      const { run, everything } = await scanRun(inputs, env());
      expect(run.code).toBe(1);
      // The run's own secrets, echoed back, are redacted; so is the token by its shape.
      expect(everything).toContain('<redacted token>');
      expectNoSecret(everything, secrets());
    },
    20_000,
  );

  test('a refused password, debug on', async () => {
    const { run, everything } = await scanRun({ username: ADMIN.username, password: 'Wr0ng-pass-Scan7' }, {});
    expect(run.code).toBe(1);
    expectNoSecret(everything, ['Wr0ng-pass-Scan7']);
  }, 20_000);
});
