// Credentials the action finds by itself: a self-hosted runner on an Azure VM (managed identity through
// IMDS, no AZURE_CLIENT_ID) and a runner in AKS with workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID,
// AZURE_FEDERATED_TOKEN_FILE). The bundle runs as the runner runs it, against local IMDS and Entra stubs.
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { startHostIdentity, TENANT, WORKLOAD_APP, type HostIdentity } from '../helpers/host-identity.js';
import { manifestState, resetAll, tagState } from './registry-state.js';
import { emitted, runAction, writeCaBundle, type ActionRun } from './run-action.js';
import { issuedBy } from '../trust/support/scan-identities.js';

let host: HostIdentity;
let dir: string;
let caBundle: string;
beforeAll(async () => {
  host = await startHostIdentity();
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-action-host-'));
});
const emu = withEmulator({
  entra: { verifyAccessToken: issuedBy(() => host.entra) },
});
beforeAll(async () => {
  caBundle = await writeCaBundle(dir, [emu.caCertPem, host.entra.caCertPem]);
});
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
  host.vmHasIdentity = true;
  host.imds.requests.length = 0;
  host.entra.tokenRequests.length = 0;
});

const { plain } = SAMPLES;

function step(env: Record<string, string>): Promise<ActionRun> {
  return runAction({
    inputs: { image: `${plain.repository}:${plain.tag}`, registry: emu.loginServer },
    env: { NODE_EXTRA_CA_CERTS: caBundle, AZURE_AUTHORITY_HOST: host.entra.authorityHost, ...env },
  });
}

function expectLocked(run: ActionRun): void {
  expect(run.code).toBe(0);
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
  expect(emu.requestLog.filter((r) => r.kind === 'auth').map((r) => `${r.path} ${r.status}`)).toContain(
    '/oauth2/exchange 200',
  );
  for (const token of host.entra.issued) expect(emitted(run)).not.toContain(token);
}

test("a self-hosted runner on an Azure VM: the VM's managed identity from IMDS, no input, no AZURE_CLIENT_ID", async () => {
  const run = await step({ AZURE_POD_IDENTITY_AUTHORITY_HOST: host.imds.url });
  expectLocked(run);
  expect(host.imds.requests).toEqual([
    {
      path: expect.stringMatching(/^\/metadata\/identity\/oauth2\/token\/?$/),
      resource: 'https://containerregistry.azure.net',
      clientId: null,
      metadata: true,
    },
  ]);
});

test('a VM without an identity: the step fails, nothing changes, and it says what to add', async () => {
  host.vmHasIdentity = false;
  const run = await step({ AZURE_POD_IDENTITY_AUTHORITY_HOST: host.imds.url });
  expect(run.code).toBe(1);
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  expect(emitted(run)).toContain('ManagedIdentityCredential');
  expect(emitted(run)).toContain('Give `username` and `password`');
});

test("a runner in AKS with workload identity: the pod's service account token is exchanged with Entra", async () => {
  const run = await step({
    AZURE_CLIENT_ID: WORKLOAD_APP,
    AZURE_TENANT_ID: TENANT,
    AZURE_FEDERATED_TOKEN_FILE: host.tokenFile,
  });
  expectLocked(run);
  expect(host.imds.requests).toEqual([]);
  expect(
    host.entra.tokenRequests.map((r) => [r.form.client_id, r.form.client_assertion_type, r.status]),
  ).toEqual([[WORKLOAD_APP, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 200]]);
});
