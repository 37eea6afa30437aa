// Secret scan of the Azure DevOps task as the agent runs it (the packaged .vsix, its own process, the
// agent's environment): known secrets fed through every service connection it signs in with (a Docker
// registry connection's password, an Azure Resource Manager connection's service principal secret or
// certificate, workload identity federation with the job's System.AccessToken and the pipeline's OIDC
// token, an ACR-type Docker registry connection's service principal), with system.debug=true and
// AZURE_LOG_LEVEL=verbose, on success, against a registry echoing credentials in its errors (apply,
// sweep, audit) and with a refused password or client secret; stdout (but the `task.setsecret` lines
// that hand secrets to the agent's masker: the scan does not count on the agent masking), stderr, every
// variable set, the summary, the report file and every file left in Agent.TempDirectory are scanned,
// and no JWT may appear at all.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../../src/emulator/index.js';
import type { EntraStub } from '../helpers/entra-stub.js';
import { startPipelinesOidcStub, type PipelinesOidcStub } from '../helpers/pipelines-oidc-stub.js';
import { manifestState, tagState } from '../github/registry-state.js';
import { runTask, type AgentEndpoint, type TaskRun } from '../azdo/run-task.js';
import { echoingRegistry } from './support/echoing-registry.js';
import { withScanRegistry } from './support/scan-registry.js';
import { expectNoSecret, filesUnder } from './support/expect-no-secret.js';
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
  type ScanCertificate,
} from './support/scan-identities.js';

const DOCKER = 'd1000000-0000-4000-8000-000000000001';
const ARM_SECRET = 'd1000000-0000-4000-8000-000000000002';
const ARM_CERT = 'd1000000-0000-4000-8000-000000000003';
const ARM_WIF = 'd1000000-0000-4000-8000-000000000004';
const ACR_SECRET = 'd1000000-0000-4000-8000-000000000005';
const { plain } = SAMPLES;

let oidc: PipelinesOidcStub;
let entra: EntraStub;
let certificate: ScanCertificate;
let dir: string;
beforeAll(async () => {
  oidc = await startPipelinesOidcStub({ connections: { [ARM_WIF]: 'arm-wif' } });
  certificate = await scanCertificate();
  entra = await startScanEntra({
    certificate,
    federatedCredentials: [{ issuer: oidc.issuer, subject: oidc.subjectFor(ARM_WIF) }],
    issuers: [{ issuer: oidc.issuer, publicKey: oidc.signingKey.publicKey }],
  });
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-task-scan-'));
});
const { emu, caBundle } = withScanRegistry(() => ({ entra, others: [oidc], dir }));

const arm = (id: string, scheme: string, parameters: Record<string, string>): AgentEndpoint => ({
  id,
  url: 'https://management.azure.com/',
  scheme,
  parameters,
  data: {
    environment: 'AzureCloud',
    scopeLevel: 'Subscription',
    subscriptionId: 'x',
    creationMode: 'Manual',
  },
});

/** One service connection: the input naming it, the connection, and the secrets it puts in play. */
interface SignIn {
  readonly input: 'azureSubscription' | 'dockerRegistryServiceConnection';
  readonly endpoint: AgentEndpoint;
  /** Read after the run: the tokens issued during it count. */
  readonly secrets: () => readonly string[];
}

const dockerPassword = (password: string): SignIn => ({
  input: 'dockerRegistryServiceConnection',
  endpoint: {
    id: DOCKER,
    url: `https://${emu.loginServer}`,
    scheme: 'UsernamePassword',
    parameters: { registry: `https://${emu.loginServer}`, username: ADMIN.username, password, email: '' },
    data: { registrytype: 'Others' },
  },
  secrets: () => [password],
});

const signIns: Array<[string, () => SignIn]> = [
  ['Docker registry connection, username and password', () => dockerPassword(ADMIN.password)],
  [
    'Azure Resource Manager connection, service principal secret',
    () => ({
      input: 'azureSubscription',
      endpoint: arm(ARM_SECRET, 'ServicePrincipal', {
        serviceprincipalid: APP,
        serviceprincipalkey: CLIENT_SECRET,
        authenticationType: 'spnKey',
        tenantid: TENANT,
      }),
      secrets: () => [CLIENT_SECRET, ...entra.issued],
    }),
  ],
  [
    'Azure Resource Manager connection, service principal certificate',
    () => ({
      input: 'azureSubscription',
      endpoint: arm(ARM_CERT, 'ServicePrincipal', {
        serviceprincipalid: CERT_APP,
        servicePrincipalCertificate: certificate.pem,
        authenticationType: 'spnCertificate',
        tenantid: TENANT,
      }),
      secrets: () => [...certificate.keyLines, ...entra.issued],
    }),
  ],
  [
    'Azure Resource Manager connection, workload identity federation',
    () => ({
      input: 'azureSubscription',
      endpoint: arm(ARM_WIF, 'WorkloadIdentityFederation', {
        serviceprincipalid: APP,
        tenantid: TENANT,
        workloadIdentityFederationIssuer: oidc.issuer,
        workloadIdentityFederationSubject: oidc.subjectFor(ARM_WIF),
      }),
      secrets: () => [...oidc.issued, ...entra.issued],
    }),
  ],
  [
    'Docker registry connection of type Azure Container Registry, service principal secret',
    () => ({
      input: 'dockerRegistryServiceConnection',
      endpoint: {
        id: ACR_SECRET,
        url: `https://${emu.loginServer}`,
        scheme: 'ServicePrincipal',
        parameters: {
          loginServer: emu.loginServer,
          serviceprincipalid: APP,
          serviceprincipalkey: CLIENT_SECRET,
          tenantid: TENANT,
        },
        data: { registrytype: 'ACR' },
      },
      secrets: () => [CLIENT_SECRET, ...entra.issued],
    }),
  ],
];

async function scanRun(
  signIn: SignIn,
  inputs: Record<string, string> = {},
): Promise<{ run: TaskRun; everything: string }> {
  // The job's temp directory is the test's, so what the task leaves there can be read after the run.
  const agentTemp = await mkdtemp(join(dir, 'agent-temp-'));
  const run = await runTask({
    inputs: {
      [signIn.input]: signIn.endpoint.id,
      image: `${plain.repository}:${plain.tag}`,
      registry: emu.loginServer,
      ...inputs,
    },
    endpoints: [signIn.endpoint],
    systemAccessToken: oidc.systemAccessToken,
    variables: {
      'System.Debug': 'true',
      'System.OidcRequestUri': oidc.oidcRequestUri,
      'Agent.TempDirectory': agentTemp,
    },
    env: {
      NODE_EXTRA_CA_CERTS: caBundle(),
      AZURE_AUTHORITY_HOST: entra.authorityHost,
      AZURE_LOG_LEVEL: 'verbose',
    },
  });
  const stdout = run.stdout.replace(/^##vso\[task\.setsecret\].*$/gm, '');
  const variables = run.variables.map((v) => v.value);
  const files = await filesUnder(agentTemp);
  const everything = [stdout, run.stderr, ...variables, run.summary ?? '', ...files].join('\n');
  return { run, everything };
}

/** The job's System.AccessToken is a secret of every run, whichever connection it uses. */
const withJobToken = (secrets: readonly string[]) => [oidc.systemAccessToken, ...secrets];

describe('no secret in anything the task emits or leaves, with system.debug on', () => {
  test.each(signIns)(
    '%s, success',
    async (_name, signIn) => {
      const given = signIn();
      const { run, everything } = await scanRun(given);
      expect(run.result?.result).toBe('Succeeded');
      expect(run.commands.some((c) => c.command === 'task.debug')).toBe(true);
      expect(run.stderr).toContain('azure:');
      expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
      expect(run.outputs.reportFile).toMatch(/report\.json$/);
      expectNoSecret(everything, withJobToken(given.secrets()));
    },
    15_000,
  );

  test.each(signIns)(
    '%s, a registry echoing credentials in its errors',
    async (_name, signIn) => {
      echoingRegistry(emu);
      const given = signIn();
      const { run, everything } = await scanRun(given);
      expect(run.result?.result).toBe('Failed');
      // The run's own secrets, echoed back, are redacted; so is the token by its shape.
      expect(run.outputs.result).toContain('<redacted token>');
      expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W+ D+ R+ L+');
      expectNoSecret(everything, withJobToken(given.secrets()));
    },
    15_000,
  );

  test('Docker registry connection, a refused password', async () => {
    const given = dockerPassword(REFUSED_PASSWORD);
    const { run, everything } = await scanRun(given);
    expect(run.result?.result).toBe('Failed');
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
    expectNoSecret(everything, withJobToken(given.secrets()));
  }, 15_000);

  test('Azure Resource Manager connection, a refused service principal secret', async () => {
    const { run, everything } = await scanRun({
      input: 'azureSubscription',
      endpoint: arm(ARM_SECRET, 'ServicePrincipal', {
        serviceprincipalid: APP,
        serviceprincipalkey: REFUSED_CLIENT_SECRET,
        authenticationType: 'spnKey',
        tenantid: TENANT,
      }),
      secrets: () => [REFUSED_CLIENT_SECRET],
    });
    expect(run.result?.result).toBe('Failed');
    expect(run.issues.map((i) => i.message).join('\n')).toContain('AADSTS7000215');
    expect(emu.requestLog.filter((r) => r.kind === 'write')).toEqual([]);
    expectNoSecret(everything, withJobToken([REFUSED_CLIENT_SECRET]));
  }, 15_000);

  test.each(signIns)(
    '%s, sweep, a registry echoing credentials in its errors',
    async (_name, signIn) => {
      echoingRegistry(emu);
      const given = signIn();
      const { run, everything } = await scanRun(given, {
        action: 'sweep',
        image: '',
        repository: plain.repository,
      });
      expect(run.result?.result).toBe('Failed');
      expect(run.outputs.failed).toBe('2');
      expect(run.outputs.result).toContain('<redacted token>');
      expectNoSecret(everything, withJobToken(given.secrets()));
    },
    15_000,
  );

  test('Docker registry connection, audit, a registry echoing credentials in its errors', async () => {
    echoingRegistry(emu, { method: 'GET', path: /\/_tags$/ });
    const given = dockerPassword(ADMIN.password);
    const { run, everything } = await scanRun(given, {
      action: 'audit',
      image: '',
      repository: plain.repository,
    });
    expect(run.result?.result).toBe('Failed');
    expect(run.outputs.result).toContain('<redacted token>');
    expectNoSecret(everything, withJobToken(given.secrets()));
  }, 15_000);
});
