// Secret scan of the CLI as users run it (the bundle in its own process): known secrets fed through
// every way it signs in (--password, --password-stdin, ACR_LOCK_PASSWORD, a Docker config entry, an Entra
// client secret, a certificate key, a federated token file through AZURE_* or --client-id/--tenant-id),
// with the identity library's verbose log on (AZURE_LOG_LEVEL=verbose; the CLI has no verbose flag of its
// own), on success, against a registry echoing credentials in its errors (apply's text report and --json,
// sweep, audit, enforce with its checkpoint file) and with a refused password or client secret; stdout,
// stderr and every file in the process's HOME (its working directory) and TMPDIR are scanned, and no JWT
// may appear at all (Entra, OIDC and ACR's tokens). The CLI writes no report file: what it prints is the
// report.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../../src/emulator/index.js';
import { createSigningKey, signJwt, type EntraStub } from '../helpers/entra-stub.js';
import { manifestState, tagState } from '../github/registry-state.js';
import { echoingRegistry } from './support/echoing-registry.js';
import { withScanRegistry } from './support/scan-registry.js';
import { expectNoSecret, filesUnder } from './support/expect-no-secret.js';
import { runCliBundle, type CliBundleRun } from './support/run-cli-bundle.js';
import {
  ADMIN,
  APP,
  CERT_APP,
  CLIENT_SECRET,
  REFUSED_CLIENT_SECRET,
  REFUSED_PASSWORD,
  scanCertificate,
  startScanEntra,
  TENANT,
} from './support/scan-identities.js';

const { plain } = SAMPLES;
/** An AKS cluster's service account token issuer and subject (workload identity). */
const AKS_ISSUER = `https://oidc.prod-aks.azure.com/${randomUUID()}/`;
const AKS_SUBJECT = 'system:serviceaccount:deploy:acr-lock';

let entra: EntraStub;
let dir: string;
let certificatePath: string;
let keyLines: readonly string[];
let tokenFile: string;
let federatedToken: string;
let dockerConfig: (password: string) => Promise<{ DOCKER_CONFIG: string; auth: string }>;
beforeAll(async () => {
  const certificate = await scanCertificate();
  const aks = createSigningKey();
  entra = await startScanEntra({
    certificate,
    federatedCredentials: [{ issuer: AKS_ISSUER, subject: AKS_SUBJECT }],
    issuers: [{ issuer: AKS_ISSUER, publicKey: aks.publicKey }],
  });
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-cli-scan-'));
  certificatePath = join(dir, 'client-certificate.pem');
  await writeFile(certificatePath, certificate.pem);
  keyLines = certificate.keyLines;
  const now = Math.floor(Date.now() / 1000);
  federatedToken = signJwt(
    {
      iss: AKS_ISSUER,
      sub: AKS_SUBJECT,
      aud: 'api://AzureADTokenExchange',
      iat: now,
      nbf: now,
      exp: now + 3600,
    },
    aks,
  );
  tokenFile = join(dir, 'azure-identity-token');
  await writeFile(tokenFile, federatedToken);
  dockerConfig = async (password) => {
    const auth = Buffer.from(`${ADMIN.username}:${password}`).toString('base64');
    const configDir = join(dir, `docker-${randomUUID()}`);
    await mkdir(configDir);
    await writeFile(
      join(configDir, 'config.json'),
      JSON.stringify({ auths: { [`https://${emu.loginServer}/v1/`]: { auth } } }),
    );
    return { DOCKER_CONFIG: configDir, auth };
  };
});
const { emu, caBundle } = withScanRegistry(() => ({ entra, others: [], dir }));

/** One way of signing in: its flags, environment and standard input, and the secrets it puts in play. */
interface SignIn {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  /** Read after the run: the tokens Entra issued during it count. */
  readonly secrets: () => readonly string[];
}

const apply = ['apply', `${plain.repository}:${plain.tag}`];

async function scanRun(
  signIn: SignIn,
  extraArgs: readonly string[] = [],
  command: readonly string[] = apply,
): Promise<{ run: CliBundleRun; everything: string }> {
  const run = await runCliBundle(
    [...command, '--registry', emu.loginServer, ...(signIn.args ?? []), ...extraArgs],
    {
      under: dir,
      env: {
        NODE_EXTRA_CA_CERTS: caBundle(),
        AZURE_AUTHORITY_HOST: entra.authorityHost,
        AZURE_LOG_LEVEL: 'verbose',
        ...signIn.env,
      },
      ...(signIn.stdin !== undefined ? { stdin: signIn.stdin } : {}),
    },
  );
  const files = [...(await filesUnder(run.home)), ...(await filesUnder(run.temp))];
  return { run, everything: [run.stdout, run.stderr, ...files].join('\n') };
}

const entraEnv = (extra: Record<string, string>) => ({ AZURE_TENANT_ID: TENANT, ...extra });

const withPasswordFlag = async (password: string): Promise<SignIn> => ({
  args: ['-u', ADMIN.username, '-p', password],
  secrets: () => [password],
});

/** Every way the CLI signs in, with a password of the caller's choosing for the password ways. */
const signIns: Array<[string, (password: string) => Promise<SignIn>]> = [
  ['--password', withPasswordFlag],
  [
    '--password-stdin',
    async (password) => ({
      args: ['-u', ADMIN.username, '--password-stdin'],
      stdin: `${password}\n`,
      secrets: () => [password],
    }),
  ],
  [
    'ACR_LOCK_PASSWORD',
    async (password) => ({
      env: { ACR_LOCK_USERNAME: ADMIN.username, ACR_LOCK_PASSWORD: password },
      secrets: () => [password],
    }),
  ],
  [
    'a Docker config entry',
    async (password) => {
      const { DOCKER_CONFIG, auth } = await dockerConfig(password);
      return { env: { DOCKER_CONFIG }, secrets: () => [password, auth] };
    },
  ],
  [
    'an Entra client secret (AZURE_CLIENT_SECRET)',
    async () => ({
      env: entraEnv({ AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: CLIENT_SECRET }),
      secrets: () => [CLIENT_SECRET, ...entra.issued],
    }),
  ],
  [
    'a certificate key (AZURE_CLIENT_CERTIFICATE_PATH)',
    async () => ({
      env: entraEnv({ AZURE_CLIENT_ID: CERT_APP, AZURE_CLIENT_CERTIFICATE_PATH: certificatePath }),
      secrets: () => [...keyLines, ...entra.issued],
    }),
  ],
  [
    'a federated token file (AZURE_FEDERATED_TOKEN_FILE)',
    async () => ({
      env: entraEnv({ AZURE_CLIENT_ID: APP, AZURE_FEDERATED_TOKEN_FILE: tokenFile }),
      secrets: () => [federatedToken, ...entra.issued],
    }),
  ],
  [
    '--client-id and --tenant-id with the federated token file',
    async () => ({
      args: ['--client-id', APP, '--tenant-id', TENANT],
      env: { AZURE_FEDERATED_TOKEN_FILE: tokenFile },
      secrets: () => [federatedToken, ...entra.issued],
    }),
  ],
];
const passwordSignIns = signIns.slice(0, 4);

describe('no secret in anything the CLI prints or leaves, with the verbose log on', () => {
  test.each(signIns)(
    '%s, success',
    async (_name, signIn) => {
      const given = await signIn(ADMIN.password);
      const { run, everything } = await scanRun(given);
      expect(run.stderr).toContain('azure:');
      expect(run.code).toBe(0);
      expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
      expectNoSecret(everything, given.secrets());
    },
    15_000,
  );

  test.each(signIns)(
    '%s, a registry echoing credentials in its errors: the text report and --json',
    async (_name, signIn) => {
      echoingRegistry(emu);
      const given = await signIn(ADMIN.password);
      const text = await scanRun(given);
      const json = await scanRun(given, ['--json']);
      for (const { run, everything } of [text, json]) {
        expect(run.code).toBe(1);
        // The run's own secrets, echoed back, are redacted; so is the token by its shape.
        expect(run.stdout).toContain('<redacted token>');
        expectNoSecret(everything, given.secrets());
      }
      expect(JSON.parse(json.run.stdout)).toMatchObject({ ok: false });
      expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W+ D+ R+ L+');
    },
    15_000,
  );

  test.each(passwordSignIns)(
    '%s, refused',
    async (_name, signIn) => {
      const given = await signIn(REFUSED_PASSWORD);
      const { run, everything } = await scanRun(given, ['--json']);
      expect(run.code).toBe(1);
      expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
      expectNoSecret(everything, given.secrets());
    },
    15_000,
  );

  test('an Entra client secret, refused', async () => {
    const { run, everything } = await scanRun({
      env: entraEnv({ AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: REFUSED_CLIENT_SECRET }),
      secrets: () => [REFUSED_CLIENT_SECRET],
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AADSTS7000215');
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
    expectNoSecret(everything, [REFUSED_CLIENT_SECRET]);
  }, 15_000);

  test.each(signIns)(
    '%s, sweep, a registry echoing credentials in its errors',
    async (_name, signIn) => {
      echoingRegistry(emu);
      const given = await signIn(ADMIN.password);
      const { run, everything } = await scanRun(given, [], ['sweep', '--repository', plain.repository]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('<redacted token>');
      expectNoSecret(everything, given.secrets());
    },
    15_000,
  );

  test('--password, audit --format json, a registry echoing credentials in its errors', async () => {
    echoingRegistry(emu, { method: 'GET', path: /\/_tags$/ });
    const given = await withPasswordFlag(ADMIN.password);
    const { run, everything } = await scanRun(
      given,
      ['--format', 'json'],
      ['audit', '--repository', plain.repository],
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<redacted token>');
    expectNoSecret(everything, given.secrets());
  }, 15_000);

  test('--password, enforce with a checkpoint file, a registry echoing credentials in its errors', async () => {
    echoingRegistry(emu);
    const given = await withPasswordFlag(ADMIN.password);
    const { run, everything } = await scanRun(
      given,
      ['--checkpoint', 'acr-lock.checkpoint.json'],
      ['enforce', '--repository', plain.repository],
    );
    expect(run.code).toBe(1);
    expect(await readFile(join(run.home, 'acr-lock.checkpoint.json'), 'utf8')).toContain(emu.loginServer);
    expectNoSecret(everything, given.secrets());
  }, 15_000);
});
