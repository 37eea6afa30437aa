// The service connection → credentials mapping, table by table, with the agent's view of connections as
// plain objects; and the task's input reader.
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { INPUT_NAMES, type InputName } from '../../src/core/settings/input-names.js';
import {
  credentialsFromConnections,
  privateKeyLines,
  type AgentConnections,
  type ConnectionIds,
  type ServiceEndpoint,
} from '../../src/azdo/service-connections.js';
import { OMITTED_INPUTS, TASK_INPUTS, taskInputReader } from '../../src/azdo/task-inputs.js';

const ID = '6c1f0a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = 'tenant-guid';
const APP = 'app-guid';
const KEY_BODY = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'q1w2e3r4t5y6u7i8o9p0=='];
const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIC+zCCAeOgAwIBAgIJAKZ7',
  '-----END CERTIFICATE-----',
  '-----BEGIN PRIVATE KEY-----',
  ...KEY_BODY,
  '-----END PRIVATE KEY-----',
].join('\n');

interface Fake {
  scheme: string;
  parameters: Record<string, string>;
  data?: Record<string, string>;
}

function agent(
  connections: Record<string, Fake>,
  extra: Partial<Pick<AgentConnections, 'systemAccessToken' | 'oidcRequestUri'>> = {},
) {
  const value: AgentConnections = {
    endpoint: (id): ServiceEndpoint | undefined => {
      const c = connections[id];
      return c && { scheme: c.scheme, parameters: c.parameters, data: (key) => c.data?.[key] };
    },
    systemAccessToken: 'system-token',
    oidcRequestUri:
      'https://dev.azure.com/contoso/p/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken',
    ...extra,
  };
  return { value };
}

const arm = (fake: Fake, ids: ConnectionIds = { azureRm: ID }, extra = {}) =>
  credentialsFromConnections(ids, agent({ [ID]: fake }, extra).value);
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('Azure Resource Manager connections', () => {
  test.each<[string, Fake, unknown]>([
    [
      'WorkloadIdentityFederation → AzurePipelinesCredential with the connection id and System.AccessToken',
      { scheme: 'WorkloadIdentityFederation', parameters: { serviceprincipalid: APP, tenantid: TENANT } },
      {
        kind: 'azure-pipelines',
        tenantId: TENANT,
        clientId: APP,
        serviceConnectionId: ID,
        systemAccessToken: 'system-token',
      },
    ],
    [
      'ServicePrincipal with spnKey → client secret',
      {
        scheme: 'ServicePrincipal',
        parameters: {
          serviceprincipalid: APP,
          serviceprincipalkey: 's3cret',
          authenticationType: 'spnKey',
          tenantid: TENANT,
        },
      },
      { kind: 'client-secret', tenantId: TENANT, clientId: APP, clientSecret: 's3cret' },
    ],
    [
      'no scheme and no authenticationType → service principal with secret, as Microsoft tasks assume',
      {
        scheme: '',
        parameters: { ServicePrincipalId: APP, ServicePrincipalKey: 's3cret', TenantId: TENANT },
      },
      { kind: 'client-secret', tenantId: TENANT, clientId: APP, clientSecret: 's3cret' },
    ],
    [
      'ManagedServiceIdentity → the agent machine identity',
      { scheme: 'ManagedServiceIdentity', parameters: { tenantid: TENANT } },
      { kind: 'managed-identity' },
    ],
    [
      'ManagedServiceIdentity with msiclientId → that user-assigned identity',
      {
        scheme: 'ManagedServiceIdentity',
        parameters: { tenantid: TENANT },
        data: { msiclientId: 'mi-client' },
      },
      { kind: 'managed-identity', clientId: 'mi-client' },
    ],
  ])('%s', (_name, fake, auth) => {
    expect(arm(fake).auth).toEqual(auth);
  });

  test('the secret and System.AccessToken are listed for masking', () => {
    expect(
      arm({ scheme: 'WorkloadIdentityFederation', parameters: { serviceprincipalid: APP, tenantid: TENANT } })
        .secrets,
    ).toEqual(['system-token']);
    expect(
      arm({
        scheme: 'ServicePrincipal',
        parameters: { serviceprincipalid: APP, serviceprincipalkey: 'k', tenantid: TENANT },
      }).secrets,
    ).toEqual(['k']);
  });

  test('spnCertificate: the PEM stays in memory, never in a file (defect 9); every line of its key is a secret', () => {
    const { value } = agent({
      [ID]: {
        scheme: 'ServicePrincipal',
        parameters: {
          serviceprincipalid: APP,
          servicePrincipalCertificate: PEM,
          authenticationType: 'spnCertificate',
          tenantid: TENANT,
        },
      },
    });
    const credentials = credentialsFromConnections({ azureRm: ID }, value);
    expect(credentials.auth).toEqual({
      kind: 'client-certificate',
      tenantId: TENANT,
      clientId: APP,
      certificatePem: PEM,
    });
    expect(credentials.secrets).toEqual(KEY_BODY);
  });

  test.each<[string, string | undefined, string | undefined]>([
    ['AzureCloud', 'AzureCloud', 'AzureCloud'],
    ['azurechinacloud', 'AzureChinaCloud', 'AzureChinaCloud'],
    ['AzureUSGovernment', 'AzureUSGovernment', 'AzureUSGovernment'],
    ['none', undefined, undefined],
  ])('environment %s gives the cloud default %s', (_name, environment, cloud) => {
    const credentials = arm({
      scheme: 'ManagedServiceIdentity',
      parameters: {},
      ...(environment !== undefined ? { data: { environment } } : {}),
    });
    expect(credentials.defaults).toEqual(cloud !== undefined ? { cloud } : {});
  });

  test.each<[string, Fake, Partial<AgentConnections>, string]>([
    [
      'an unknown environment',
      { scheme: 'ManagedServiceIdentity', parameters: {}, data: { environment: 'AzureStack' } },
      {},
      "is for the 'AzureStack' environment — acr-lock supports AzureCloud, AzureChinaCloud, AzureUSGovernment",
    ],
    [
      'a publish profile',
      { scheme: 'PublishProfile', parameters: { tenantid: TENANT, serviceprincipalid: APP } },
      {},
      "uses the 'PublishProfile' scheme — acr-lock supports WorkloadIdentityFederation, ServicePrincipal and ManagedServiceIdentity",
    ],
    [
      'a service principal without its key',
      { scheme: 'ServicePrincipal', parameters: { serviceprincipalid: APP, tenantid: TENANT } },
      {},
      "has no service principal key (client secret) (authorization parameter 'serviceprincipalkey')",
    ],
    [
      'a service principal without a tenant',
      { scheme: 'ServicePrincipal', parameters: { serviceprincipalid: APP, serviceprincipalkey: 'k' } },
      {},
      "has no tenant id (authorization parameter 'tenantid')",
    ],
    [
      'a certificate without its private key',
      {
        scheme: 'ServicePrincipal',
        parameters: {
          serviceprincipalid: APP,
          tenantid: TENANT,
          authenticationType: 'spnCertificate',
          servicePrincipalCertificate: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----',
        },
      },
      {},
      'has a certificate without its private key (PEM expected)',
    ],
    [
      'federation with no OIDC request URI',
      { scheme: 'WorkloadIdentityFederation', parameters: { serviceprincipalid: APP, tenantid: TENANT } },
      { oidcRequestUri: undefined },
      'needs SYSTEM_OIDCREQUESTURI',
    ],
    [
      'federation with no System.AccessToken',
      { scheme: 'WorkloadIdentityFederation', parameters: { serviceprincipalid: APP, tenantid: TENANT } },
      { systemAccessToken: undefined },
      'needs System.AccessToken, but the job has none',
    ],
  ])('refuses %s, naming the input and the connection', (_name, fake, extra, rule) => {
    const message = failure(() => arm(fake, { azureRm: ID }, extra));
    expect(message).toContain(`Input 'azureSubscription': service connection '${ID}' `);
    expect(message).toContain(rule);
  });
});

describe('Docker registry connections', () => {
  const docker = (fake: Fake) =>
    credentialsFromConnections({ dockerRegistry: ID }, agent({ [ID]: fake }).value);

  test('username and password; the registry becomes the default registry input', () => {
    const credentials = docker({
      scheme: 'UsernamePassword',
      parameters: { registry: 'https://myreg.azurecr.io', username: 'myreg', password: 'pw', email: '' },
      data: { registrytype: 'Others' },
    });
    expect(credentials.auth).toEqual({ kind: 'password', username: 'myreg', password: 'pw' });
    expect(credentials.secrets).toEqual(['pw']);
    expect(credentials.defaults).toEqual({ registry: 'https://myreg.azurecr.io' });
  });

  test('a username carrying pipeline commands is neutralised in the printed description (defect 7)', () => {
    const credentials = docker({
      scheme: 'UsernamePassword',
      parameters: {
        registry: 'https://myreg.azurecr.io',
        username: 'me\n##vso[task.setvariable variable=evil]1\n::error::x',
        password: 'pw-long-enough',
      },
      data: { registrytype: 'Others' },
    });
    expect(credentials.description).not.toMatch(/##vso\[|\n|^::/m);
    expect(credentials.description).toContain('user me');
  });

  test('an Azure Container Registry connection with a service principal', () => {
    const credentials = docker({
      scheme: 'ServicePrincipal',
      parameters: {
        loginServer: 'myreg.azurecr.io',
        serviceprincipalid: APP,
        serviceprincipalkey: 'k',
        tenantid: TENANT,
      },
      data: { registrytype: 'ACR' },
    });
    expect(credentials.auth).toEqual({
      kind: 'client-secret',
      tenantId: TENANT,
      clientId: APP,
      clientSecret: 'k',
    });
    expect(credentials.defaults).toEqual({ registry: 'myreg.azurecr.io' });
  });

  test.each<[string, Fake, string]>([
    [
      'a connection without a password',
      { scheme: 'UsernamePassword', parameters: { username: 'u' } },
      "has no password (authorization parameter 'password')",
    ],
    [
      'a token scheme',
      { scheme: 'Token', parameters: { apitoken: 't' } },
      "uses the 'Token' scheme; a Docker registry connection needs a username and password",
    ],
  ])('refuses %s', (_name, fake, rule) => {
    expect(failure(() => docker(fake))).toBe(
      `Input 'dockerRegistryServiceConnection': service connection '${ID}' ${rule}`,
    );
  });
});

describe('choosing the connection', () => {
  test('one of the two is required', () => {
    expect(
      failure(() => credentialsFromConnections({ azureRm: ' ', dockerRegistry: '' }, agent({}).value)),
    ).toMatch(
      /^Input 'azureSubscription': is required — choose an Azure Resource Manager service connection/,
    );
  });

  test('both at once are ambiguous', () => {
    expect(
      failure(() => credentialsFromConnections({ azureRm: ID, dockerRegistry: ID }, agent({}).value)),
    ).toMatch(/^Input 'dockerRegistryServiceConnection': cannot be combined with azureSubscription/);
  });

  test('a connection the job does not have', () => {
    expect(failure(() => credentialsFromConnections({ azureRm: ID }, agent({}).value))).toBe(
      `Input 'azureSubscription': service connection '${ID}' is not available to this job — check that it exists ` +
        'in this project and that the pipeline is authorized to use it',
    );
  });
});

describe('privateKeyLines', () => {
  test.each([
    ['PKCS#8', PEM, KEY_BODY],
    [
      'PKCS#1 with headers, CRLF',
      '-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nAAAA\r\nBBBB\r\n-----END RSA PRIVATE KEY-----\r\n',
      ['AAAA', 'BBBB'],
    ],
    ['a certificate alone', '-----BEGIN CERTIFICATE-----\nCCCC\n-----END CERTIFICATE-----', []],
  ])('%s', (_name, pem, lines) => {
    expect(privateKeyLines(pem)).toEqual(lines);
  });
});

describe('task inputs', () => {
  test('every core input is exposed by the task or replaced, with the reason', () => {
    const covered = new Set<InputName>([...TASK_INPUTS, ...(Object.keys(OMITTED_INPUTS) as InputName[])]);
    expect([...covered].sort()).toEqual([...INPUT_NAMES].sort());
    expect(TASK_INPUTS.filter((n) => n in OMITTED_INPUTS)).toEqual([]);
  });

  test('reads camelCase task inputs; blank falls back to what the connection implies; omitted inputs are never read', () => {
    const asked: string[] = [];
    const values: Record<string, string> = { lockMode: 'quarantine', registry: '  ', password: 'from-yaml' };
    const read = taskInputReader(
      (name) => {
        asked.push(name);
        return values[name];
      },
      { registry: 'https://myreg.azurecr.io', cloud: 'AzureChinaCloud' },
    );
    expect(read('lock-mode')).toBe('quarantine');
    expect(read('registry')).toBe('https://myreg.azurecr.io');
    expect(read('cloud')).toBe('AzureChinaCloud');
    expect(read('password')).toBeUndefined();
    expect(asked).toEqual(['lockMode', 'registry', 'cloud']);
  });
});
