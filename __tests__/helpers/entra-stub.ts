// A local Microsoft Entra ID authority, for the real @azure/identity credentials: HTTPS with its own CA,
// the v2.0 OpenID configuration, JWKS and token endpoint in Entra's wire format (client secret and
// client assertion: workload identity federation, or a certificate credential), RS256 JWT access tokens.
// Shared by the GitHub and Azure DevOps shell tests; the emulator's `entra` option plugs into
// verifyAccessToken().
import {
  constants,
  createHash,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomUUID,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

// ---- shared pieces: RS256 JWTs and a local HTTPS server with its own CA ----

export type JwtClaims = Record<string, unknown>;

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID().replace(/-/g, '').slice(0, 16), privateKey, publicKey };
}

/** The key as a JWKS entry, as `jwks_uri` serves it. */
export function jwk(key: SigningKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'RS256' };
}

export function signJwt(claims: JwtClaims, key: SigningKey): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ typ: 'JWT', alg: 'RS256', kid: key.kid })}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey, 'base64url')}`;
}

/** The claims of a JWT signed by `publicKey`, unexpired and already valid; undefined otherwise. */
export function verifyJwt(token: string, publicKey: KeyObject | string): JwtClaims | undefined {
  const [head, body, signature] = token.split('.');
  if (head === undefined || body === undefined || signature === undefined) return undefined;
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'RS256') return undefined;
    if (!createVerify('RSA-SHA256').update(`${head}.${body}`).verify(key, signature, 'base64url'))
      return undefined;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtClaims;
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
    if (typeof claims.nbf === 'number' && claims.nbf > now + 60) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

/** The claims of a JWT without checking anything (for assertions in tests). */
export function decodeJwt(token: string): JwtClaims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as JwtClaims;
}

export interface HttpsStub {
  /** `https://localhost:<port>` */
  readonly url: string;
  readonly caCertPem: string;
  /** The CA in a file of its own (NODE_EXTRA_CA_CERTS, `ca-cert`). */
  readonly caCertPath: string;
  close(): Promise<void>;
}

export interface StubRequest {
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface StubResponse {
  readonly status: number;
  readonly body: unknown;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A CA named after the stub and a localhost certificate it signs. Each stub's CA needs a subject of its
 * own: OpenSSL picks a trust anchor by subject, so same-named CAs in one NODE_EXTRA_CA_CERTS bundle break.
 */
async function generateCertificates(
  name: string,
): Promise<{ caCertPem: string; serverCertPem: string; serverKeyPem: string }> {
  const dates = {
    notBeforeDate: new Date(Date.now() - DAY_MS),
    notAfterDate: new Date(Date.now() + 7 * DAY_MS),
  };
  const ec = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', ...dates } as const;
  const ca = await generate([{ name: 'commonName', value: `${name} test CA` }], {
    ...ec,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...ec,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caCertPem: ca.cert, serverCertPem: server.cert, serverKeyPem: server.private };
}

/** An HTTPS server on 127.0.0.1, port 0, with a fresh CA; `handle` answers every request with JSON. */
export async function startHttpsStub(
  name: string,
  handle: (request: StubRequest, url: string) => StubResponse | Promise<StubResponse>,
): Promise<HttpsStub> {
  const certificates = await generateCertificates(name);
  const server: Server = createServer({ key: certificates.serverKeyPem, cert: certificates.serverCertPem });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `https://localhost:${(server.address() as AddressInfo).port}`;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', url);
      const request: StubRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(parsed.pathname),
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      Promise.resolve()
        .then(() => handle(request, url))
        .catch((error: Error): StubResponse => ({
          status: 500,
          body: { error: 'server_error', error_description: error.message },
        }))
        .then((response) => {
          res.writeHead(response.status, { 'Content-Type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(response.body));
        });
    });
  });
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const caCertPath = join(dir, 'ca.crt');
  await writeFile(caCertPath, certificates.caCertPem);
  let closed: Promise<void> | undefined;
  return {
    url,
    caCertPem: certificates.caCertPem,
    caCertPath,
    close: () =>
      (closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}

// ---- the authority ----

/** A federated identity credential on an app registration: the assertion must match all three. */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  /** Default `api://AzureADTokenExchange`. */
  readonly audience?: string;
}

export interface EntraApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly federatedCredentials?: readonly FederatedCredential[];
  /**
   * Certificates (PEM; only the certificate is read) uploaded to the app registration: a client assertion
   * with `iss` = `sub` = the client id, signed (RS256 or PS256) by one of their keys and naming it by its
   * `x5t#S256` or `x5t` thumbprint header, for the token endpoint's URL, signs the app in.
   */
  readonly certificates?: readonly string[];
}

/** An OIDC issuer Entra trusts for client assertions (GitHub's, Azure DevOps'), with its signing key. */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly publicKey: KeyObject | string;
}

export interface EntraStubOptions {
  readonly apps: readonly EntraApp[];
  readonly issuers?: readonly TrustedIssuer[];
  /** Default 3599, as Entra answers. */
  readonly tokenLifetimeSeconds?: number;
}

export interface EntraTokenRequest {
  readonly tenant: string;
  readonly form: Readonly<Record<string, string>>;
  readonly status: number;
  /** The AADSTS error when refused. */
  readonly error?: string;
}

export interface EntraStub extends HttpsStub {
  /** For AZURE_AUTHORITY_HOST / authorityHost: the stub's base URL. */
  readonly authorityHost: string;
  /** Every request, in order: method and path. */
  readonly requestLog: Array<{ method: string; path: string; status: number }>;
  /** Every token request with its form (secrets included: tests check them, never print them). */
  readonly tokenRequests: EntraTokenRequest[];
  /** Every access token the token endpoint handed out (tests check none of them is printed). */
  readonly issued: string[];
  /** True for an unexpired access token this stub issued (for `audience` when given). */
  verifyAccessToken(token: string, audience?: string): boolean;
  /** An access token as the token endpoint would issue it (what `az account get-access-token` hands out). */
  issueAccessToken(options: {
    tenantId: string;
    clientId: string;
    audience: string;
    via?: 'secret' | 'assertion' | 'cli';
  }): string;
}

const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CERTIFICATE_CREDENTIALS_DOC =
  'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .';
/** How far ahead of Entra's clock a client's may run (an assertion's `nbf`, seconds). */
const CLOCK_SKEW_SECONDS = 300;

interface AadError {
  readonly status: number;
  readonly error: string;
  readonly code: number;
  readonly description: string;
}

export async function startEntraStub(options: EntraStubOptions): Promise<EntraStub> {
  const key = createSigningKey();
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const requestLog: EntraStub['requestLog'] = [];
  const tokenRequests: EntraTokenRequest[] = [];
  const issued: string[] = [];
  const certificates = new Map(
    options.apps.map((app) => [app, (app.certificates ?? []).map(registeredCertificate)] as const),
  );
  let host = '';

  const issueAccessToken: EntraStub['issueAccessToken'] = ({
    tenantId,
    clientId,
    audience,
    via = 'secret',
  }) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      {
        aud: audience,
        iss: `https://sts.windows.net/${tenantId}/`,
        iat: now,
        nbf: now,
        exp: now + lifetime,
        appid: clientId,
        appidacr: via === 'secret' ? '1' : '2',
        idp: `https://sts.windows.net/${tenantId}/`,
        oid: randomUUID(),
        sub: clientId,
        tid: tenantId,
        uti: randomUUID().replace(/-/g, ''),
        ver: '1.0',
      },
      key,
    );
  };

  const aadError = (e: AadError): StubResponse => ({
    status: e.status,
    body: {
      error: e.error,
      error_description: `AADSTS${e.code}: ${e.description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [e.code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `${host}/error?code=${e.code}`,
    },
  });

  /**
   * Checks the client's proof: the secret, an assertion signed with one of the app's certificates, or an
   * assertion from a trusted issuer matching a federated credential.
   */
  const authenticateClient = (
    app: EntraApp,
    form: Record<string, string>,
    tokenEndpoint: string,
  ): AadError | undefined => {
    if (form.client_secret !== undefined) {
      return form.client_secret === app.clientSecret
        ? undefined
        : {
            status: 401,
            error: 'invalid_client',
            code: 7000215,
            description: 'Invalid client secret provided.',
          };
    }
    if (form.client_assertion_type !== JWT_BEARER || !form.client_assertion) {
      return {
        status: 401,
        error: 'invalid_client',
        code: 7000218,
        description:
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      };
    }
    const claims = decodeJwtSafe(form.client_assertion);
    const trusted = options.issuers?.find((i) => i.issuer === claims?.iss);
    // The app's own assertion (iss = sub, the client id): a certificate credential, not a federated one.
    if (
      !trusted &&
      typeof claims?.iss === 'string' &&
      (claims.iss === app.clientId || claims.iss === claims.sub)
    ) {
      return checkCertificateAssertion({
        assertion: form.client_assertion,
        claims,
        app,
        certificates: certificates.get(app) ?? [],
        tokenEndpoint,
      });
    }
    if (!trusted || !verifyJwt(form.client_assertion, trusted.publicKey)) {
      return {
        status: 401,
        error: 'invalid_client',
        code: 700211,
        description: `No matching federated identity record found for presented assertion issuer '${String(claims?.iss)}'.`,
      };
    }
    const audiences = Array.isArray(claims?.aud) ? claims.aud : [claims?.aud];
    const matches = (app.federatedCredentials ?? []).some(
      (f) =>
        f.issuer === claims?.iss &&
        f.subject === claims?.sub &&
        audiences.includes(f.audience ?? DEFAULT_AUDIENCE),
    );
    return matches
      ? undefined
      : {
          status: 401,
          error: 'invalid_client',
          code: 70021,
          description: `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims?.iss)}'. Assertion Subject: '${String(claims?.sub)}'. Assertion Audience: '${audiences.join(',')}'.`,
        };
  };

  const token = (tenant: string, form: Record<string, string>): StubResponse => {
    const refuse = (e: AadError): StubResponse => {
      tokenRequests.push({ tenant, form, status: e.status, error: `AADSTS${e.code}` });
      return aadError(e);
    };
    if (form.grant_type !== 'client_credentials') {
      return refuse({
        status: 400,
        error: 'unsupported_grant_type',
        code: 70003,
        description: `The app requested an unsupported grant type '${form.grant_type}'.`,
      });
    }
    if (!options.apps.some((a) => a.tenantId === tenant)) {
      return refuse({
        status: 400,
        error: 'invalid_tenant',
        code: 90002,
        description: `Tenant '${tenant}' not found.`,
      });
    }
    const app = options.apps.find((a) => a.tenantId === tenant && a.clientId === form.client_id);
    if (!app) {
      return refuse({
        status: 400,
        error: 'unauthorized_client',
        code: 700016,
        description: `Application with identifier '${form.client_id}' was not found in the directory '${tenant}'.`,
      });
    }
    const scope = form.scope ?? '';
    if (!scope.endsWith('/.default')) {
      return refuse({
        status: 400,
        error: 'invalid_scope',
        code: 1002012,
        description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      });
    }
    const failure = authenticateClient(app, form, `${host}/${tenant}/oauth2/v2.0/token`);
    if (failure) return refuse(failure);
    tokenRequests.push({ tenant, form, status: 200 });
    const accessToken = issueAccessToken({
      tenantId: tenant,
      clientId: app.clientId,
      audience: scope.slice(0, -'/.default'.length),
      via: form.client_secret !== undefined ? 'secret' : 'assertion',
    });
    issued.push(accessToken);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: accessToken,
      },
    };
  };

  const openIdConfiguration = (tenant: string): Record<string, unknown> => ({
    token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${host}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${host}/${tenant}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'tid', 'ver', 'oid'],
    kerberos_endpoint: `${host}/${tenant}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: 'localhost',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });

  const stub = await startHttpsStub('entra-stub', (request, url) => {
    host = url;
    const [, tenant = '', ...rest] = request.path.split('/');
    const route = rest.join('/');
    let response: StubResponse;
    if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
      response = { status: 200, body: openIdConfiguration(tenant) };
    } else if (request.method === 'GET' && route === 'discovery/v2.0/keys') {
      response = { status: 200, body: { keys: [jwk(key)] } };
    } else if (request.method === 'POST' && route === 'oauth2/v2.0/token') {
      response = token(tenant, Object.fromEntries(new URLSearchParams(request.body)));
    } else {
      response = aadError({
        status: 404,
        error: 'invalid_request',
        code: 900561,
        description: `No route for ${request.method} ${request.path}.`,
      });
    }
    requestLog.push({ method: request.method, path: request.path, status: response.status });
    return response;
  });
  host = stub.url;

  return {
    ...stub,
    authorityHost: stub.url,
    requestLog,
    tokenRequests,
    issued,
    issueAccessToken,
    verifyAccessToken(accessToken, audience) {
      const claims = verifyJwt(accessToken, key.publicKey);
      return claims !== undefined && (audience === undefined || claims.aud === audience);
    },
  };
}

function decodeJwtSafe(token: string): JwtClaims | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/** A certificate uploaded to an app registration, with the thumbprints an assertion's header may name. */
interface RegisteredCertificate {
  readonly certificate: X509Certificate;
  /** base64url SHA-256 of the DER (`x5t#S256`). */
  readonly x5tS256: string;
  /** base64url SHA-1 of the DER (`x5t`). */
  readonly x5t: string;
}

function registeredCertificate(pem: string): RegisteredCertificate {
  const certificate = new X509Certificate(pem);
  return {
    certificate,
    x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
  };
}

/** RS256 (PKCS#1 v1.5) or PS256 (PSS, salt = digest length, RFC 7518 §3.5) over `head.body`. */
function verifyRsaSignature(alg: unknown, token: string, key: KeyObject): boolean {
  const [head = '', body = '', signature = ''] = token.split('.');
  const padding =
    alg === 'RS256'
      ? constants.RSA_PKCS1_PADDING
      : alg === 'PS256'
        ? constants.RSA_PKCS1_PSS_PADDING
        : undefined;
  if (padding === undefined || key.asymmetricKeyType !== 'rsa') return false;
  try {
    return verify(
      'sha256',
      Buffer.from(`${head}.${body}`),
      { key, padding, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    return false;
  }
}

/**
 * A certificate credential's client assertion (RFC 7523 as Entra takes it): iss = sub = the client id
 * (AADSTS700021), a key registered on the app named by `x5t#S256` or `x5t` (AADSTS700027), a valid RS256
 * or PS256 signature by it (AADSTS700027), the token endpoint as audience (AADSTS700023), and now within
 * nbf..exp (AADSTS700024).
 */
function checkCertificateAssertion(options: {
  assertion: string;
  claims: JwtClaims;
  app: EntraApp;
  certificates: readonly RegisteredCertificate[];
  tokenEndpoint: string;
}): AadError | undefined {
  const { assertion, claims, app, certificates, tokenEndpoint } = options;
  const invalid = (code: number, description: string): AadError => ({
    status: 401,
    error: 'invalid_client',
    code,
    description,
  });
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    return invalid(
      700021,
      `Client assertion application identifier doesn't match 'client_id' parameter. ${CERTIFICATE_CREDENTIALS_DOC}`,
    );
  }
  const header = decodeJwtHeaderSafe(assertion) ?? {};
  const named = [header['x5t#S256'], header.x5t].find((t): t is string => typeof t === 'string');
  const thumbprint = named === undefined ? '' : Buffer.from(named, 'base64url').toString('hex').toUpperCase();
  const registered = certificates.find((c) =>
    header['x5t#S256'] !== undefined ? c.x5tS256 === header['x5t#S256'] : c.x5t === header.x5t,
  );
  const keysHint = `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.`;
  if (!registered) {
    return invalid(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', ${keysHint}]`,
    );
  }
  const { certificate } = registered;
  const found = `Found key 'Start=${new Date(certificate.validFrom).toISOString()}, End=${new Date(certificate.validTo).toISOString()}'`;
  if (!verifyRsaSignature(header.alg, assertion, certificate.publicKey)) {
    return invalid(
      700027,
      `Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}', ${found}]`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  if (Date.parse(certificate.validTo) <= Date.now()) {
    return invalid(
      700027,
      `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', ${found}]`,
    );
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(tokenEndpoint)) {
    return invalid(
      700023,
      `Client assertion audience claim does not match Realm issuer. ${CERTIFICATE_CREDENTIALS_DOC}`,
    );
  }
  const iso = (seconds: unknown) =>
    typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : String(seconds);
  if (
    typeof claims.exp !== 'number' ||
    claims.exp <= now ||
    (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_SKEW_SECONDS)
  ) {
    return invalid(
      700024,
      `Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ${iso(claims.nbf)}, expiry time of assertion ${iso(claims.exp)}. ${CERTIFICATE_CREDENTIALS_DOC}`,
    );
  }
  return undefined;
}

function decodeJwtHeaderSafe(token: string): Record<string, unknown> | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
