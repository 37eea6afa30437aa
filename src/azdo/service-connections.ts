import { InputError } from '../core/errors.js';
import type { AuthRequest } from '../core/model/auth.js';
import { CLOUDS } from '../core/model/cloud.js';
import type { InputName } from '../core/settings/input-names.js';
import { neutralize } from '../core/text/neutralize.js';
import { CONNECTION_INPUTS } from './task-inputs.js';

/** A service connection as the agent hands it to a task: `ENDPOINT_AUTH_<id>` and `ENDPOINT_DATA_<id>_<KEY>`. */
export interface ServiceEndpoint {
  readonly scheme: string;
  /** Authorization parameters, keyed as the connection type names them. */
  readonly parameters: Readonly<Record<string, string>>;
  /** A data parameter (`environment`, `registrytype`, …); undefined when absent. */
  data(key: string): string | undefined;
}

/** What the agent offers the task besides its inputs. */
export interface AgentConnections {
  /** The connection with that id, or undefined when the job was given none such. */
  endpoint(id: string): ServiceEndpoint | undefined;
  /** System.AccessToken, from the job's SystemVssConnection. */
  readonly systemAccessToken: string | undefined;
  /** SYSTEM_OIDCREQUESTURI, where AzurePipelinesCredential asks for the connection's OIDC token. */
  readonly oidcRequestUri: string | undefined;
}

export interface ConnectionIds {
  readonly azureRm?: string;
  readonly dockerRegistry?: string;
}

export interface TaskCredentials {
  readonly auth: AuthRequest;
  /** Every secret the connection holds (each line of a private key), to mask before any use. */
  readonly secrets: readonly string[];
  /** Inputs the connection implies when left blank: `cloud` (its environment), `registry` (its server). */
  readonly defaults: Readonly<Partial<Record<InputName, string>>>;
  /** For the log: the connection and how it authenticates; no secret. */
  readonly description: string;
}

/**
 * Turns the chosen service connection into credentials, the way Microsoft's own tasks read it: an Azure
 * Resource Manager connection (workload identity federation, service principal with secret or certificate,
 * managed identity; its environment picks the cloud) or a Docker registry connection (username and password,
 * or an ACR connection with a service principal). Exactly one must be given.
 */
export function credentialsFromConnections(ids: ConnectionIds, agent: AgentConnections): TaskCredentials {
  const azureRm = ids.azureRm?.trim() || undefined;
  const dockerRegistry = ids.dockerRegistry?.trim() || undefined;
  if (azureRm !== undefined && dockerRegistry !== undefined) {
    throw new InputError(
      CONNECTION_INPUTS.dockerRegistry,
      `cannot be combined with ${CONNECTION_INPUTS.azureRm} — with both, which credential wins is ambiguous; ` +
        'choose one service connection',
    );
  }
  if (azureRm !== undefined)
    return safe(fromAzureRm(connection(CONNECTION_INPUTS.azureRm, azureRm, agent), agent));
  if (dockerRegistry !== undefined) {
    return safe(
      fromDockerRegistry(connection(CONNECTION_INPUTS.dockerRegistry, dockerRegistry, agent), agent),
    );
  }
  throw new InputError(
    CONNECTION_INPUTS.azureRm,
    'is required — choose an Azure Resource Manager service connection, or a Docker registry service ' +
      `connection in ${CONNECTION_INPUTS.dockerRegistry} (admin user or repository-scoped token)`,
  );
}

/** The description is printed: its connection-sourced parts (a username, a login server) are neutralised. */
function safe(credentials: TaskCredentials): TaskCredentials {
  return { ...credentials, description: neutralize(credentials.description, credentials.secrets, 500) };
}

interface Connection {
  readonly input: string;
  readonly id: string;
  readonly endpoint: ServiceEndpoint;
  /** An authorization parameter, matched case-insensitively; blank counts as absent. */
  param(key: string): string | undefined;
  /** An authorization parameter that must be there. */
  required(key: string, what: string): string;
  fail(rule: string): never;
}

function connection(input: string, id: string, agent: AgentConnections): Connection {
  const endpoint = agent.endpoint(id);
  const fail: (rule: string) => never = (rule) => {
    throw new InputError(input, `service connection '${id}' ${rule}`);
  };
  if (endpoint === undefined) {
    fail(
      'is not available to this job — check that it exists in this project and that the pipeline is ' +
        'authorized to use it',
    );
  }
  const found: ServiceEndpoint = endpoint;
  const param = (key: string): string | undefined => {
    const name = Object.keys(found.parameters).find((k) => k.toLowerCase() === key.toLowerCase());
    const value = name === undefined ? undefined : found.parameters[name]?.trim();
    return value ? value : undefined;
  };
  return {
    input,
    id,
    endpoint: found,
    param,
    required: (key, what) => param(key) ?? fail(`has no ${what} (authorization parameter '${key}')`),
    fail,
  };
}

const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

function fromAzureRm(c: Connection, agent: AgentConnections): TaskCredentials {
  const environment = c.endpoint.data('environment')?.trim();
  const cloud = environment ? CLOUDS.find((name) => same(environment, name)) : undefined;
  if (environment && cloud === undefined) {
    c.fail(`is for the '${environment}' environment — acr-lock supports ${CLOUDS.join(', ')}`);
  }
  const { auth, secrets, how } = entraCredentials(c, agent, c.endpoint.scheme || 'ServicePrincipal');
  return {
    auth,
    secrets,
    defaults: cloud !== undefined ? { cloud } : {},
    description: `Azure Resource Manager service connection ${c.id} (${cloud ?? 'AzureCloud'}, ${how})`,
  };
}

function fromDockerRegistry(c: Connection, agent: AgentConnections): TaskCredentials {
  if (same(c.endpoint.data('registrytype'), 'ACR')) {
    const loginServer = c.required('loginServer', 'login server');
    const { auth, secrets, how } = entraCredentials(c, agent, c.endpoint.scheme || 'ServicePrincipal');
    return {
      auth,
      secrets,
      defaults: { registry: loginServer },
      description: `Docker registry service connection ${c.id} (Azure Container Registry ${loginServer}, ${how})`,
    };
  }
  if (c.endpoint.scheme && !same(c.endpoint.scheme, 'UsernamePassword')) {
    c.fail(
      `uses the '${c.endpoint.scheme}' scheme; a Docker registry connection needs a username and password`,
    );
  }
  const username = c.required('username', 'username (the admin user or a repository-scoped token name)');
  const password = c.required('password', 'password');
  const registry = c.param('registry');
  return {
    auth: { kind: 'password', username, password },
    secrets: [password],
    defaults: registry !== undefined ? { registry } : {},
    description: `Docker registry service connection ${c.id} (${registry ?? 'no registry'}, user ${username})`,
  };
}

type EntraCredentials = Pick<TaskCredentials, 'auth' | 'secrets'> & { readonly how: string };

/** The identity behind an Azure Resource Manager connection, or an ACR-type Docker registry connection. */
function entraCredentials(c: Connection, agent: AgentConnections, scheme: string): EntraCredentials {
  if (same(scheme, 'ManagedServiceIdentity')) {
    const clientId = c.endpoint.data('msiclientId')?.trim() || undefined;
    return {
      auth: { kind: 'managed-identity', ...(clientId !== undefined ? { clientId } : {}) },
      secrets: [],
      how: `managed identity${clientId !== undefined ? ` ${clientId}` : ' of the agent'}`,
    };
  }
  const tenantId = c.required('tenantid', 'tenant id');
  const clientId = c.required('serviceprincipalid', 'service principal (application) id');
  const who = `tenant ${tenantId}, application ${clientId}`;
  if (same(scheme, 'WorkloadIdentityFederation')) {
    const systemAccessToken = agent.systemAccessToken;
    if (!systemAccessToken) {
      c.fail('uses workload identity federation, which needs System.AccessToken, but the job has none');
    }
    if (!agent.oidcRequestUri) {
      c.fail(
        'uses workload identity federation, which needs SYSTEM_OIDCREQUESTURI (an Azure Pipelines agent ' +
          'job), but it is not set',
      );
    }
    return {
      auth: { kind: 'azure-pipelines', tenantId, clientId, serviceConnectionId: c.id, systemAccessToken },
      secrets: [systemAccessToken],
      how: `workload identity federation, ${who}`,
    };
  }
  if (!same(scheme, 'ServicePrincipal')) {
    c.fail(
      `uses the '${scheme}' scheme — acr-lock supports WorkloadIdentityFederation, ServicePrincipal and ` +
        'ManagedServiceIdentity',
    );
  }
  if (same(c.param('authenticationType'), 'spnCertificate')) {
    const pem = c.required('servicePrincipalCertificate', 'certificate');
    if (!pem.includes('PRIVATE KEY-----')) c.fail('has a certificate without its private key (PEM expected)');
    // The key stays in memory: a file could outlive a cancelled run (SIGTERM skips the cleanup).
    return {
      auth: { kind: 'client-certificate', tenantId, clientId, certificatePem: pem },
      secrets: privateKeyLines(pem),
      how: `service principal with certificate, ${who}`,
    };
  }
  const clientSecret = c.required('serviceprincipalkey', 'service principal key (client secret)');
  return {
    auth: { kind: 'client-secret', tenantId, clientId, clientSecret },
    secrets: [clientSecret],
    how: `service principal with secret, ${who}`,
  };
}

/** The body lines of every private key in a PEM bundle: the parts of it that must never be printed. */
export function privateKeyLines(pem: string): string[] {
  const lines: string[] = [];
  let inKey = false;
  for (const raw of pem.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^-----BEGIN [A-Z ]*PRIVATE KEY-----$/.test(line)) inKey = true;
    else if (/^-----END [A-Z ]*PRIVATE KEY-----$/.test(line)) inKey = false;
    else if (inKey && line !== '' && !line.includes(':')) lines.push(line);
  }
  return lines;
}
