// Every way the action signs in, as the runner runs it: registry username/password (admin user and a
// repository-scoped token), OIDC federation with the runner's ID token through the real @azure/identity
// against a local Entra authority, the Azure CLI session azure/login leaves, and the AZURE_* environment.
// The emulator's /oauth2/exchange accepts only access tokens the Entra stub issued.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { InputName } from '../../src/core/settings/input-names.js';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { decodeJwt, startEntraStub, type EntraStub } from '../helpers/entra-stub.js';
import { startGitHubOidcStub, type GitHubOidcStub } from '../helpers/github-oidc-stub.js';
import { manifestState, resetAll, tagState } from './registry-state.js';
import { emitted, runAction, writeCaBundle, type ActionRun } from './run-action.js';
import { issuedBy } from '../trust/support/scan-identities.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0b3f5a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const CUSTOM_AUDIENCE_APP = '9e8d7c6b-5a49-4382-9170-a1b2c3d4e5f6';
const CERT_APP = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
const CLIENT_SECRET = 'Cl1ent~S3cret.Value_9wq';
const ADMIN = { username: 'admin', password: 'Adm1n-pass-Lm4vK8' };
const WRITER = { username: 'ci-writer', password: 'Wr1ter-token-Zp3nQ6' };
const READER = { username: 'ci-reader', password: 'Re4der-token-Hb8sD1' };

let oidc: GitHubOidcStub;
let entra: EntraStub;
let dir: string;
let caBundle: string;
let certificate: { cert: string; privateKey: string };
beforeAll(async () => {
  oidc = await startGitHubOidcStub();
  const generated = await generate([{ name: 'commonName', value: 'acr-lock-action' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
  });
  certificate = { cert: generated.cert, privateKey: generated.private };
  entra = await startEntraStub({
    apps: [
      {
        tenantId: TENANT,
        clientId: APP,
        clientSecret: CLIENT_SECRET,
        federatedCredentials: [{ issuer: oidc.issuer, subject: oidc.subject }],
      },
      {
        tenantId: TENANT,
        clientId: CUSTOM_AUDIENCE_APP,
        federatedCredentials: [
          { issuer: oidc.issuer, subject: oidc.subject, audience: 'api://acr-lock-e2e' },
        ],
      },
      { tenantId: TENANT, clientId: CERT_APP, certificates: [certificate.cert] },
    ],
    issuers: [{ issuer: oidc.issuer, publicKey: oidc.signingKey.publicKey }],
  });
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-auth-'));
});
const emu = withEmulator({
  admin: ADMIN,
  scopedTokens: [
    { ...WRITER, repositories: { 'samples/*': ['content/read', 'metadata/read', 'metadata/write'] } },
    { ...READER, repositories: { 'samples/*': ['content/read', 'metadata/read'] } },
  ],
  entra: { verifyAccessToken: issuedBy(() => entra) },
});
beforeAll(async () => {
  // NODE_EXTRA_CA_CERTS takes one file: every CA the step talks to.
  caBundle = await writeCaBundle(dir, [emu.caCertPem, entra.caCertPem, oidc.caCertPem]);
});
afterAll(async () => {
  await Promise.all([oidc?.close(), entra?.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
  for (const log of [entra.requestLog, entra.tokenRequests, entra.issued, oidc.requestLog, oidc.issued])
    log.length = 0;
});

const { plain } = SAMPLES;
const image = `${plain.repository}:${plain.tag}`;

/** The step with the stubs' CAs trusted and Entra's authority pointed at the stub. */
function step(
  inputs: Partial<Record<InputName, string>>,
  env: Record<string, string> = {},
  path: string[] = [],
): Promise<ActionRun> {
  return runAction({
    inputs: { image, registry: emu.loginServer, ...inputs },
    env: { NODE_EXTRA_CA_CERTS: caBundle, AZURE_AUTHORITY_HOST: entra.authorityHost, ...env },
    path,
  });
}

function expectLocked(run: ActionRun): void {
  expect(run.code).toBe(0);
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
  expect(run.outputs.locked).toBe('true');
}

const registryAuth = () =>
  emu.requestLog.filter((r) => r.kind === 'auth').map((r) => `${r.method} ${r.path} ${r.status}`);

describe('registry username and password', () => {
  test.each([
    ['the admin user', ADMIN],
    ['a repository-scoped token', WRITER],
  ])('%s: password grant, no Entra; the password is masked first and never printed', async (_name, user) => {
    const run = await step({ username: user.username, password: user.password });
    expectLocked(run);
    expect(registryAuth()).toEqual(['POST /oauth2/token 200']);
    expect(entra.requestLog).toEqual([]);
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${user.password}`);
    expect(emitted(run)).not.toContain(user.password);
  });

  test('a token without metadata/write: the registry refuses, the step fails and says so', async () => {
    const run = await step({ username: READER.username, password: READER.password });
    expect(run.code).toBe(1);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
    expect(run.outputs.locked).toBe('false');
    const ref = `${emu.loginServer}/${plain.repository}`;
    const refused =
      "the registry refused the credentials; they lack permission for this repository's metadata, or expired.";
    expect(run.annotations).toEqual([
      {
        level: 'error',
        title: `acr-lock: ${ref}@${plain.digest} failed`,
        message: `${ref}@${plain.digest}: ${refused}`,
      },
      {
        level: 'error',
        title: `acr-lock: ${ref}:${plain.tag} failed`,
        message: `${ref}:${plain.tag}: ${refused}`,
      },
      {
        level: 'error',
        title: 'acr-lock failed',
        message:
          '❌ full-lock not fully applied — 2 object(s) (1 tag, 1 manifest): 0 changed, 0 unchanged, 2 failed.',
      },
    ]);
    expect(run.summary).toContain('**❌ full-lock not fully applied');
    expect(emitted(run)).not.toContain(READER.password);
  });
});

describe('OIDC federation (client-id + tenant-id)', () => {
  test('the runner ID token → Entra client assertion → ACR exchange; no azure/login', async () => {
    const run = await step({ 'client-id': APP, 'tenant-id': TENANT }, oidc.env);
    expectLocked(run);
    expect(oidc.requestLog).toEqual([
      { audience: 'api://AzureADTokenExchange', authorized: true, status: 200 },
    ]);
    expect(entra.tokenRequests).toHaveLength(1);
    expect(entra.tokenRequests[0]).toMatchObject({
      tenant: TENANT,
      status: 200,
      form: {
        client_id: APP,
        grant_type: 'client_credentials',
        scope: 'https://containerregistry.azure.net/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: oidc.issued[0],
      },
    });
    expect(registryAuth()).toEqual(['POST /oauth2/exchange 200', 'POST /oauth2/token 200']);
    expect(run.masked).toContain(oidc.issued[0]);
    expect(emitted(run)).not.toContain(oidc.issued[0]);
    expect(entra.issued).toHaveLength(1);
    expect(emitted(run)).not.toContain(entra.issued[0]);
  });

  test('audience: the ID token is requested for it, and Entra matches it against the federated credential', async () => {
    const run = await step(
      { 'client-id': CUSTOM_AUDIENCE_APP, 'tenant-id': TENANT, audience: 'api://acr-lock-e2e' },
      oidc.env,
    );
    expectLocked(run);
    expect(oidc.requestLog.map((r) => r.audience)).toEqual(['api://acr-lock-e2e']);
  });

  test('Entra refuses an ID token with the wrong audience: the step fails with its AADSTS error', async () => {
    const run = await step({ 'client-id': CUSTOM_AUDIENCE_APP, 'tenant-id': TENANT }, oidc.env);
    expect(run.code).toBe(1);
    expect(entra.tokenRequests.map((r) => r.error)).toContain('AADSTS70021');
    expect(run.annotations.some((a) => a.message.includes('AADSTS70021'))).toBe(true);
    expect(emu.requestLog.filter((r) => r.kind !== 'challenge' && r.kind !== 'auth')).toEqual([]);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });

  test('without `permissions: id-token: write` the step says to add it, before any request', async () => {
    const run = await step({ 'client-id': APP, 'tenant-id': TENANT });
    expect(run.code).toBe(1);
    const failure = run.annotations.find((a) => a.title === 'acr-lock failed');
    expect(failure?.message).toContain('add `permissions: id-token: write` to the job');
    expect(run.summary).toContain('permissions: id-token: write');
    expect(emu.requestLog).toEqual([]);
    expect(entra.requestLog).toEqual([]);
    expect(oidc.requestLog).toEqual([]);
  });
});

describe('the Azure CLI session left by azure/login', () => {
  test('comes after the inputs and before AZURE_*: `az account get-access-token` for the ACR resource', async () => {
    const bin = join(dir, 'az-bin');
    const config = join(dir, 'azure-config');
    await mkdir(bin, { recursive: true });
    await mkdir(config, { recursive: true });
    const token = entra.issueAccessToken({
      tenantId: TENANT,
      clientId: APP,
      audience: 'https://containerregistry.azure.net',
      via: 'cli',
    });
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    await writeFile(
      join(bin, 'token.json'),
      JSON.stringify({
        accessToken: token,
        expiresOn: new Date(expiresOn * 1000).toISOString().replace('T', ' ').replace('Z', '000'),
        expires_on: expiresOn,
        subscription: '00000000-0000-0000-0000-000000000001',
        tenant: TENANT,
        tokenType: 'Bearer',
      }),
    );
    // A stand-in for `az`: logs its arguments and prints what `az account get-access-token` prints.
    await writeFile(
      join(bin, 'az'),
      '#!/bin/sh\necho "$*" >> "$(dirname "$0")/calls.log"\ncat "$(dirname "$0")/token.json"\n',
    );
    await chmod(join(bin, 'az'), 0o755);
    // What `az login` (azure/login) leaves: a profile with the signed-in account (the CLI writes a BOM).
    const profile = {
      installationId: 'x',
      subscriptions: [
        {
          id: '00000000-0000-0000-0000-000000000001',
          tenantId: TENANT,
          isDefault: true,
          state: 'Enabled',
          user: { name: APP, type: 'servicePrincipal' },
        },
      ],
    };
    await writeFile(join(config, 'azureProfile.json'), `\uFEFF${JSON.stringify(profile)}`);

    const run = await step(
      {},
      // A wrong secret in AZURE_*: it must not be tried while the CLI session is there.
      {
        AZURE_CONFIG_DIR: config,
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: APP,
        AZURE_CLIENT_SECRET: 'not-the-secret',
      },
      [bin],
    );
    expectLocked(run);
    expect((await readFile(join(bin, 'calls.log'), 'utf8')).trim()).toBe(
      'account get-access-token --output json --resource https://containerregistry.azure.net',
    );
    expect(entra.tokenRequests).toEqual([]);
    expect(registryAuth()).toEqual(['POST /oauth2/exchange 200', 'POST /oauth2/token 200']);
  });
});

describe('the AZURE_* environment', () => {
  test('client secret: Entra client-credentials grant; the secret is masked and never printed', async () => {
    const run = await step(
      {},
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: CLIENT_SECRET },
    );
    expectLocked(run);
    expect(entra.tokenRequests).toHaveLength(1);
    expect(entra.tokenRequests[0]).toMatchObject({
      status: 200,
      form: {
        client_id: APP,
        client_secret: CLIENT_SECRET,
        scope: 'https://containerregistry.azure.net/.default',
      },
    });
    expect(run.masked).toContain(CLIENT_SECRET);
    expect(emitted(run)).not.toContain(CLIENT_SECRET);
    expect(emitted(run)).not.toContain(entra.issued[0]);
  });

  test('client certificate: an assertion signed with its key; no byte of the key is printed', async () => {
    // What a workflow writes from a secret before the step: one PEM file, certificate and private key.
    const certificatePath = join(dir, 'client-certificate.pem');
    await writeFile(certificatePath, `${certificate.cert}\n${certificate.privateKey}`);
    const run = await step(
      {},
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CERT_APP, AZURE_CLIENT_CERTIFICATE_PATH: certificatePath },
    );
    expectLocked(run);
    expect(entra.tokenRequests).toHaveLength(1);
    expect(entra.tokenRequests[0]).toMatchObject({
      tenant: TENANT,
      status: 200,
      form: {
        client_id: CERT_APP,
        grant_type: 'client_credentials',
        scope: 'https://containerregistry.azure.net/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      },
    });
    const assertion = entra.tokenRequests[0]?.form.client_assertion ?? '';
    expect(decodeJwt(assertion)).toMatchObject({
      iss: CERT_APP,
      sub: CERT_APP,
      aud: `${entra.authorityHost}/${TENANT}/oauth2/v2.0/token`,
    });
    expect(registryAuth()).toEqual(['POST /oauth2/exchange 200', 'POST /oauth2/token 200']);
    const text = emitted(run);
    expect(text).not.toContain('PRIVATE KEY');
    for (const line of certificate.privateKey.split('\n').filter((l) => l && !l.startsWith('-----')))
      expect(text).not.toContain(line);
    expect(text).not.toContain(assertion);
    expect(text).not.toContain(entra.issued[0]);
  });

  test('cloud: the Entra audience follows it (AzureUSGovernment)', async () => {
    const run = await step(
      { cloud: 'AzureUSGovernment' },
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: CLIENT_SECRET },
    );
    expectLocked(run);
    expect(entra.tokenRequests[0]?.form.scope).toBe('https://management.usgovcloudapi.net/.default');
  });

  test('a wrong secret: the AADSTS error and what to add, as annotations', async () => {
    const run = await step(
      {},
      { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: 'not-the-secret' },
    );
    expect(run.code).toBe(1);
    expect(entra.tokenRequests.map((r) => r.error)).toContain('AADSTS7000215');
    expect(run.annotations.some((a) => a.message.includes('AADSTS7000215'))).toBe(true);
    const hint = run.annotations.find((a) => a.title === 'acr-lock: credentials');
    expect(hint?.message).toContain('`client-id` and `tenant-id`');
    expect(hint?.message).toContain('`azure/login`');
    expect(emitted(run)).not.toContain('not-the-secret');
  });

  test('no credentials at all: the step lists every way to give them', async () => {
    const run = await step({}, {});
    expect(run.code).toBe(1);
    const hint = run.annotations.find((a) => a.title === 'acr-lock: credentials');
    expect(hint?.message).toMatch(
      /`username` and `password`.*`client-id` and `tenant-id`.*`azure\/login`.*AZURE_CLIENT_SECRET/s,
    );
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });
});
