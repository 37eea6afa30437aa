// Secret scan: known secrets fed through every way the action signs in (registry password, Entra client
// secret, certificate key, the runner's OIDC token, the Entra tokens it yields, ACR's refresh and access
// tokens), with debug on (RUNNER_DEBUG, ACTIONS_STEP_DEBUG, AZURE_LOG_LEVEL=verbose), on success and on
// failure (a lock, a sweep and an audit against a registry echoing credentials); stdout, stderr, every
// output, the summary, the report file and every file left in the runner's temp directory are scanned.
// ACR's tokens are caught by shape: no JWT may appear at all. The identities, the echoing registry and
// the checks are shared with the CLI and task scans (support/).
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputName } from '../../src/core/settings/input-names.js';
import { SAMPLES } from '../../src/emulator/index.js';
import type { EntraStub } from '../helpers/entra-stub.js';
import { startGitHubOidcStub, type GitHubOidcStub } from '../helpers/github-oidc-stub.js';
import { runAction, type ActionRun } from '../github/run-action.js';
import { echoingRegistry } from './support/echoing-registry.js';
import { withScanRegistry } from './support/scan-registry.js';
import { expectNoSecret, filesUnder } from './support/expect-no-secret.js';
import {
  ADMIN,
  APP,
  CERT_APP,
  CLIENT_SECRET,
  REFUSED_PASSWORD,
  scanCertificate,
  startScanEntra,
  TENANT,
} from './support/scan-identities.js';

const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', AZURE_LOG_LEVEL: 'verbose' };
const { plain } = SAMPLES;

let oidc: GitHubOidcStub;
let entra: EntraStub;
let dir: string;
let certificatePath: string;
let keyLines: readonly string[];
beforeAll(async () => {
  oidc = await startGitHubOidcStub();
  const certificate = await scanCertificate();
  entra = await startScanEntra({
    certificate,
    federatedCredentials: [{ issuer: oidc.issuer, subject: oidc.subject }],
    issuers: [{ issuer: oidc.issuer, publicKey: oidc.signingKey.publicKey }],
  });
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-scan-'));
  certificatePath = join(dir, 'client-certificate.pem');
  await writeFile(certificatePath, certificate.pem);
  keyLines = certificate.keyLines;
});
const { emu, caBundle } = withScanRegistry(() => ({ entra, others: [oidc], dir }));

async function scanRun(
  inputs: Partial<Record<InputName, string>>,
  env: Record<string, string>,
): Promise<{ run: ActionRun; everything: string }> {
  const runnerTemp = await mkdtemp(join(dir, 'runner-temp-'));
  const run = await runAction({
    inputs: { image: `${plain.repository}:${plain.tag}`, registry: emu.loginServer, ...inputs },
    env: {
      NODE_EXTRA_CA_CERTS: caBundle(),
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
      echoingRegistry(emu);
      const { run, everything } = await scanRun(inputs, env());
      expect(run.code).toBe(1);
      // The run's own secrets, echoed back, are redacted; so is the token by its shape.
      expect(everything).toContain('<redacted token>');
      expectNoSecret(everything, secrets());
    },
    20_000,
  );

  test('a refused password, debug on', async () => {
    const { run, everything } = await scanRun({ username: ADMIN.username, password: REFUSED_PASSWORD }, {});
    expect(run.code).toBe(1);
    expectNoSecret(everything, [REFUSED_PASSWORD]);
  }, 20_000);

  test('registry password, sweep and audit, a registry echoing credentials in its errors', async () => {
    const inputs = {
      username: ADMIN.username,
      password: ADMIN.password,
      image: '',
      repository: plain.repository,
    };
    echoingRegistry(emu);
    const sweep = await scanRun({ ...inputs, action: 'sweep' }, {});
    emu.faults.clear();
    echoingRegistry(emu, { method: 'GET', path: /\/_tags$/ });
    const audit = await scanRun({ ...inputs, action: 'audit' }, {});
    for (const { run, everything } of [sweep, audit]) {
      expect(run.code).toBe(1);
      expect(run.outputs.result).toContain('<redacted token>');
      expectNoSecret(everything, [ADMIN.password]);
    }
  }, 20_000);
});
