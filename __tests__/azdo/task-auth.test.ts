// Every authentication scheme of the service connections, as the agent passes them to the packaged task,
// through the real @azure/identity classes: workload identity federation (AzurePipelinesCredential →
// the pipelines OIDC endpoint → a client assertion at a local Entra authority), service principal with a
// secret or a certificate, managed identity (a local IMDS), and an Azure Container Registry Docker
// registry connection. The emulator's /oauth2/exchange accepts only access tokens the Entra stub issued.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createHash, createPublicKey, createVerify, constants } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { CLOUD_PROFILES } from '../../src/core/model/cloud.js';
import { SAMPLES } from '../../src/emulator/index.js';
import { withEmulator } from '../helpers/emulator-fixture.js';
import { decodeJwt, startEntraStub, type EntraStub } from '../helpers/entra-stub.js';
import { startPipelinesOidcStub, type PipelinesOidcStub } from '../helpers/pipelines-oidc-stub.js';
import { manifestState, resetAll, tagState } from '../github/registry-state.js';
import { startImdsStub, type ImdsStub } from './imds-stub.js';
import { emitted, errors, runTask, type AgentEndpoint, type TaskRun } from './run-task.js';
import { issuedBy } from '../trust/support/scan-identities.js';

const TENANT = '8f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const WIF_APP = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SECRET_APP = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';
const CERT_APP = '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f';
const MSI_CLIENT = '4d5e6f7a-8b9c-4dae-9f10-3b4c5d6e7f80';
const CLIENT_SECRET = 'Sp~S3cret.value_Kd82nQ';
const ARM_WIF = 'a1000000-0000-4000-8000-000000000001';
const ARM_CHINA = 'a1000000-0000-4000-8000-000000000002';
const ARM_SECRET = 'a1000000-0000-4000-8000-000000000003';
const ARM_CERT = 'a1000000-0000-4000-8000-000000000004';
const ARM_MSI = 'a1000000-0000-4000-8000-000000000005';
const ACR_WIF = 'a1000000-0000-4000-8000-000000000006';

let oidc: PipelinesOidcStub;
let entra: EntraStub;
let imds: ImdsStub;
let vmHasIdentity = true;
let dir: string;
let caBundle: string;
let certificate: { pem: string; cert: string; publicKey: string };
beforeAll(async () => {
  oidc = await startPipelinesOidcStub({
    connections: { [ARM_WIF]: 'arm-wif', [ARM_CHINA]: 'arm-china', [ACR_WIF]: 'acr-wif' },
  });
  const federated = (id: string) => ({ issuer: oidc.issuer, subject: oidc.subjectFor(id) });
  // The service connection's certificate (cert + key, as the connection holds it); the app has the cert.
  const generated = await generate([{ name: 'commonName', value: 'acr-lock-pipeline' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
  });
  certificate = {
    pem: `${generated.cert}\n${generated.private}`,
    cert: generated.cert,
    publicKey: generated.public,
  };
  entra = await startEntraStub({
    apps: [
      {
        tenantId: TENANT,
        clientId: WIF_APP,
        federatedCredentials: [ARM_WIF, ARM_CHINA, ACR_WIF].map(federated),
      },
      { tenantId: TENANT, clientId: SECRET_APP, clientSecret: CLIENT_SECRET },
      { tenantId: TENANT, clientId: CERT_APP, certificates: [certificate.cert] },
    ],
    issuers: [{ issuer: oidc.issuer, publicKey: oidc.signingKey.publicKey }],
  });
  imds = await startImdsStub((request) =>
    vmHasIdentity && request.resource
      ? entra.issueAccessToken({
          tenantId: TENANT,
          clientId: request.clientId ?? MSI_CLIENT,
          audience: request.resource,
        })
      : undefined,
  );
  dir = await mkdtemp(join(tmpdir(), 'acr-lock-task-auth-'));
});
const emu = withEmulator({
  entra: { verifyAccessToken: issuedBy(() => entra) },
});
beforeAll(async () => {
  // NODE_EXTRA_CA_CERTS takes one file: every CA the task talks to (registry, Entra, Azure DevOps).
  caBundle = join(dir, 'ca-bundle.pem');
  await writeFile(caBundle, [emu.caCertPem, entra.caCertPem, oidc.caCertPem].join('\n'));
});
afterAll(async () => {
  await Promise.all([oidc?.close(), entra?.close(), imds?.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  resetAll(emu.store);
  emu.clearRequestLog();
  vmHasIdentity = true;
  for (const log of [
    entra.requestLog,
    entra.tokenRequests,
    entra.issued,
    oidc.requestLog,
    oidc.issued,
    imds.requests,
  ])
    log.length = 0;
});

const { plain } = SAMPLES;
const image = () => `${emu.loginServer}/${plain.repository}:${plain.tag}`;

/** Data of an Azure Resource Manager connection, as the agent passes it. */
const armData = (environment = 'AzureCloud') => ({
  environment,
  scopeLevel: 'Subscription',
  subscriptionId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  subscriptionName: 'Production',
  creationMode: 'Manual',
});

function armConnection(
  id: string,
  scheme: string,
  parameters: Record<string, string>,
  environment?: string,
): AgentEndpoint {
  return { id, url: 'https://management.azure.com/', scheme, parameters, data: armData(environment) };
}

const wifParameters = (id: string) => ({
  serviceprincipalid: WIF_APP,
  tenantid: TENANT,
  workloadIdentityFederationIssuer: oidc.issuer,
  workloadIdentityFederationSubject: oidc.subjectFor(id),
});

function run(
  inputs: Record<string, string>,
  endpoint: AgentEndpoint,
  env: Record<string, string> = {},
): Promise<TaskRun> {
  return runTask({
    inputs: { image: image(), registry: emu.loginServer, ...inputs },
    endpoints: [endpoint],
    systemAccessToken: oidc.systemAccessToken,
    variables: { 'System.OidcRequestUri': oidc.oidcRequestUri },
    env: { NODE_EXTRA_CA_CERTS: caBundle, AZURE_AUTHORITY_HOST: entra.authorityHost, ...env },
  });
}

/** Every token that passed through the run: none may appear in what the task printed. */
function expectNoTokenPrinted(result: TaskRun, extra: readonly string[] = []): void {
  const text = emitted(result);
  for (const secret of [oidc.systemAccessToken, ...oidc.issued, ...entra.issued, ...extra]) {
    expect(text).not.toContain(secret);
  }
}

function expectLocked(result: TaskRun): void {
  expect(errors(result)).toEqual([]);
  expect(result.result?.result).toBe('Succeeded');
  expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W- D- R+ L+');
  expect(manifestState(emu.store, plain.repository, plain.digest)).toBe('W- D- R+ L+');
}

describe('Azure Resource Manager connection', () => {
  test('WorkloadIdentityFederation: AzurePipelinesCredential asks the pipeline for the OIDC token, Entra exchanges it', async () => {
    const result = await run(
      { azureSubscription: ARM_WIF },
      armConnection(ARM_WIF, 'WorkloadIdentityFederation', wifParameters(ARM_WIF)),
    );

    expectLocked(result);
    // The pipelines OIDC endpoint: POST ?api-version=7.1&serviceConnectionId=…, with the job's System.AccessToken
    // (MSAL asks its assertion callback twice for one token request).
    expect(oidc.requestLog.length).toBeGreaterThan(0);
    for (const request of oidc.requestLog) {
      expect(request).toEqual({
        method: 'POST',
        apiVersion: '7.1',
        serviceConnectionId: ARM_WIF,
        authorized: true,
        suppressRedirect: true,
        status: 200,
      });
    }
    // Entra: a client assertion with that token, for the ACR audience.
    expect(entra.tokenRequests).toHaveLength(1);
    const form = entra.tokenRequests[0]?.form ?? {};
    expect(form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: WIF_APP,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      scope: 'https://containerregistry.azure.net/.default',
    });
    expect(oidc.issued).toContain(form.client_assertion);
    expect(decodeJwt(form.client_assertion ?? '')).toMatchObject({
      sub: `sc://contoso/acr-lock/arm-wif`,
      aud: 'api://AzureADTokenExchange',
    });
    expect(entra.tokenRequests[0]?.tenant).toBe(TENANT);
    expect(result.secrets).toContain(oidc.systemAccessToken);
    expect(result.log.join('\n')).toContain(
      `workload identity federation, tenant ${TENANT}, application ${WIF_APP}`,
    );
    expectNoTokenPrinted(result);
  });

  test("the connection's environment picks the cloud: AzureChinaCloud asks Entra for China's ACR audience", async () => {
    const result = await run(
      { azureSubscription: ARM_CHINA },
      armConnection(ARM_CHINA, 'WorkloadIdentityFederation', wifParameters(ARM_CHINA), 'AzureChinaCloud'),
    );
    expectLocked(result);
    expect(entra.tokenRequests[0]?.form.scope).toBe(`${CLOUD_PROFILES.AzureChinaCloud.acrAudience}/.default`);
    expect(result.log.join('\n')).toContain('AzureChinaCloud');
  });

  test('an environment acr-lock does not know is refused before any request', async () => {
    const result = await run(
      { azureSubscription: ARM_WIF },
      armConnection(ARM_WIF, 'WorkloadIdentityFederation', wifParameters(ARM_WIF), 'AzureStack'),
    );
    expect(result.result?.result).toBe('Failed');
    expect(result.result?.message).toBe(
      `Input 'azureSubscription': service connection '${ARM_WIF}' is for the 'AzureStack' environment — acr-lock ` +
        'supports AzureCloud, AzureChinaCloud, AzureUSGovernment',
    );
    expect(oidc.requestLog).toHaveLength(0);
    expect(emu.requestLog).toHaveLength(0);
  });

  test('WorkloadIdentityFederation without SYSTEM_OIDCREQUESTURI fails saying what is missing', async () => {
    const result = await runTask({
      inputs: { image: image(), azureSubscription: ARM_WIF },
      endpoints: [armConnection(ARM_WIF, 'WorkloadIdentityFederation', wifParameters(ARM_WIF))],
      env: { NODE_EXTRA_CA_CERTS: caBundle, AZURE_AUTHORITY_HOST: entra.authorityHost },
    });
    expect(result.result?.message).toContain('needs SYSTEM_OIDCREQUESTURI');
    expect(emu.requestLog).toHaveLength(0);
  });

  test('ServicePrincipal with a secret (spnKey): ClientSecretCredential; the secret is masked and never printed', async () => {
    const result = await run(
      { azureSubscription: ARM_SECRET },
      armConnection(ARM_SECRET, 'ServicePrincipal', {
        serviceprincipalid: SECRET_APP,
        serviceprincipalkey: CLIENT_SECRET,
        authenticationType: 'spnKey',
        tenantid: TENANT,
      }),
    );
    expectLocked(result);
    expect(entra.tokenRequests[0]?.form).toMatchObject({
      client_id: SECRET_APP,
      client_secret: CLIENT_SECRET,
    });
    expect(result.secrets).toContain(CLIENT_SECRET);
    expectNoTokenPrinted(result, [CLIENT_SECRET]);
  });

  test('ServicePrincipal with a certificate (spnCertificate): a client assertion signed with its key signs in; the key is masked', async () => {
    const result = await run(
      { azureSubscription: ARM_CERT },
      armConnection(ARM_CERT, 'ServicePrincipal', {
        serviceprincipalid: CERT_APP,
        servicePrincipalCertificate: certificate.pem,
        authenticationType: 'spnCertificate',
        tenantid: TENANT,
      }),
    );
    // The image is locked…
    expectLocked(result);
    // …with a token ClientCertificateCredential got for an assertion signed with the connection's key…
    expect(entra.tokenRequests).toHaveLength(1);
    expect(entra.tokenRequests[0]).toMatchObject({ tenant: TENANT, status: 200 });
    const form = entra.tokenRequests[0]?.form ?? {};
    expect(form).toMatchObject({
      client_id: CERT_APP,
      scope: 'https://containerregistry.azure.net/.default',
    });
    const assertion = form.client_assertion ?? '';
    const [head = '', body = '', signature = ''] = assertion.split('.');
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, string>;
    const der = Buffer.from(certificate.cert.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(header['x5t#S256']).toBe(createHash('sha256').update(der).digest('base64url'));
    expect(decodeJwt(assertion)).toMatchObject({
      iss: CERT_APP,
      sub: CERT_APP,
      aud: `${entra.authorityHost}/${TENANT}/oauth2/v2.0/token`,
    });
    const verified = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(
        {
          key: createPublicKey(certificate.publicKey),
          padding: header.alg === 'PS256' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING,
          saltLength: 32,
        },
        Buffer.from(signature, 'base64url'),
      );
    expect(verified).toBe(true);
    // …and neither the key nor its file outlives the run.
    const keyLines = certificate.pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    const privateLines = keyLines.filter((l) => !certificate.cert.includes(l));
    for (const line of privateLines) expect(result.secrets).toContain(line);
    expectNoTokenPrinted(result, privateLines);
    expect(result.leftInTemp.filter((f) => f.endsWith('.pem'))).toEqual([]);
  });

  test('ManagedServiceIdentity: the agent VM identity from IMDS', async () => {
    const result = await run(
      { azureSubscription: ARM_MSI },
      armConnection(ARM_MSI, 'ManagedServiceIdentity', { tenantid: TENANT }),
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
    );
    expectLocked(result);
    expect(imds.requests).toEqual([
      {
        path: expect.stringMatching(/^\/metadata\/identity\/oauth2\/token\/?$/),
        resource: 'https://containerregistry.azure.net',
        clientId: null,
        metadata: true,
      },
    ]);
    expectNoTokenPrinted(result);
  });

  test('ManagedServiceIdentity off Azure (no identity on the machine) fails with the identity error', async () => {
    vmHasIdentity = false;
    const result = await run(
      { azureSubscription: ARM_MSI },
      armConnection(ARM_MSI, 'ManagedServiceIdentity', { tenantid: TENANT }),
      { AZURE_POD_IDENTITY_AUTHORITY_HOST: imds.url },
    );
    expect(result.result?.result).toBe('Failed');
    expect(errors(result).join('\n')).toMatch(/ManagedIdentityCredential.*Identity not found/s);
    expect(tagState(emu.store, plain.repository, plain.tag)).toBe('W+ D+ R+ L+');
  });
});

describe('Docker registry connection of type Azure Container Registry', () => {
  test('with workload identity federation: the connection is the registry and the identity', async () => {
    const endpoint: AgentEndpoint = {
      id: ACR_WIF,
      url: `https://${emu.loginServer}`,
      scheme: 'WorkloadIdentityFederation',
      parameters: {
        loginServer: emu.loginServer,
        ...wifParameters(ACR_WIF),
        scope: '/subscriptions/x/resourceGroups/y',
      },
      data: {
        registrytype: 'ACR',
        registryId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerRegistry/registries/z',
      },
    };
    const result = await run(
      { dockerRegistryServiceConnection: ACR_WIF, image: `${plain.repository}:${plain.tag}` },
      endpoint,
    );
    expectLocked(result);
    expect(new Set(oidc.requestLog.map((r) => r.serviceConnectionId))).toEqual(new Set([ACR_WIF]));
    expect(entra.tokenRequests.map((r) => r.form.client_id)).toEqual([WIF_APP]);
    expectNoTokenPrinted(result);
  });
});
