// Credentials the CLI finds by itself on an Azure VM (managed identity through IMDS) and in an AKS pod
// (workload identity), as the shipped bundle in its own process, against local IMDS and Entra stubs.
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { startHostIdentity, TENANT, WORKLOAD_APP, type HostIdentity } from '../helpers/host-identity.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { runCliBundle, type CliBundleRun } from '../trust/support/run-cli-bundle.js';
import { issuedBy } from '../trust/support/scan-identities.js';

let host: HostIdentity;
let dir: string;
let entraCa: string;
beforeAll(async () => {
  host = await startHostIdentity();
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-cli-host-'));
  entraCa = join(dir, 'entra-ca.pem');
  await writeFile(entraCa, host.entra.caCertPem);
});
const emu = withEmulator({
  entra: { verifyAccessToken: issuedBy(() => host.entra) },
});
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
  host.imds.requests.length = 0;
  host.entra.tokenRequests.length = 0;
});

const { plain } = SAMPLES;

function cli(env: Record<string, string>): Promise<CliBundleRun> {
  return runCliBundle(
    ['apply', `${plain.repository}:${plain.tag}`, '-r', emu.loginServer, '--ca-cert', emu.caCertPath],
    {
      under: dir,
      env: { NODE_EXTRA_CA_CERTS: entraCa, AZURE_AUTHORITY_HOST: host.entra.authorityHost, ...env },
    },
  );
}

function expectLocked(run: CliBundleRun): void {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
  for (const token of host.entra.issued) expect(run.stdout + run.stderr).not.toContain(token);
}

test("on an Azure VM: the VM's managed identity from IMDS, with no flag and no AZURE_CLIENT_ID", async () => {
  const run = await cli({ AZURE_POD_IDENTITY_AUTHORITY_HOST: host.imds.url });
  expectLocked(run);
  expect(host.imds.requests.map((r) => [r.resource, r.clientId, r.metadata])).toEqual([
    ['https://containerregistry.azure.net', null, true],
  ]);
});

test('in an AKS pod with workload identity: AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE', async () => {
  const run = await cli({
    AZURE_CLIENT_ID: WORKLOAD_APP,
    AZURE_TENANT_ID: TENANT,
    AZURE_FEDERATED_TOKEN_FILE: host.tokenFile,
  });
  expectLocked(run);
  expect(host.imds.requests).toEqual([]);
  expect(host.entra.tokenRequests.map((r) => [r.form.client_id, r.status])).toEqual([[WORKLOAD_APP, 200]]);
});
