// Azure Pipelines' OIDC token endpoint, as a job sees it: SYSTEM_OIDCREQUESTURI
// (`…/_apis/distributedtask/hubs/build/plans/<plan>/jobs/<job>/oidctoken`), which AzurePipelinesCredential
// POSTs to with `?api-version=7.1&serviceConnectionId=<id>` and `Authorization: Bearer <System.AccessToken>`,
// answering `{"oidcToken":"<jwt>"}` for a workload identity federation service connection, with a token
// shaped like Azure DevOps' (iss `https://vstoken.dev.azure.com/<organization id>`,
// sub `sc://<organization>/<project>/<connection name>`, aud `api://AzureADTokenExchange`).
import { randomBytes, randomUUID } from 'node:crypto';
import { createSigningKey, signJwt, startHttpsStub, type HttpsStub, type SigningKey } from './entra-stub.js';

export interface PipelinesOidcStubOptions {
  /** Service connection id → its name (the last part of the token's subject). */
  readonly connections: Readonly<Record<string, string>>;
  /** Default `contoso`. */
  readonly organization?: string;
  /** Default `acr-lock`. */
  readonly project?: string;
}

export interface PipelinesOidcRequest {
  readonly method: string;
  readonly apiVersion: string | null;
  readonly serviceConnectionId: string | null;
  /** The bearer token was the job's System.AccessToken. */
  readonly authorized: boolean;
  /** `X-TFS-FedAuthRedirect: Suppress`, as AzurePipelinesCredential sends. */
  readonly suppressRedirect: boolean;
  readonly status: number;
}

export interface PipelinesOidcStub extends HttpsStub {
  /** The `iss` of every token. */
  readonly issuer: string;
  readonly signingKey: SigningKey;
  /** The job's System.AccessToken (the SystemVssConnection endpoint's AccessToken). */
  readonly systemAccessToken: string;
  /** SYSTEM_OIDCREQUESTURI. */
  readonly oidcRequestUri: string;
  /** The `sub` of the tokens for a connection: `sc://<organization>/<project>/<name>`. */
  subjectFor(serviceConnectionId: string): string;
  readonly requestLog: PipelinesOidcRequest[];
  /** Every OIDC token handed out (tests check none of them is printed). */
  readonly issued: string[];
}

/** An Azure DevOps REST error body. */
function vssError(message: string, typeName: string) {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.TeamFoundation.DistributedTask.WebApi.${typeName}, Microsoft.TeamFoundation.DistributedTask.WebApi`,
    typeKey: typeName,
    errorCode: 0,
    eventId: 3000,
  };
}

export async function startPipelinesOidcStub(options: PipelinesOidcStubOptions): Promise<PipelinesOidcStub> {
  const organization = options.organization ?? 'contoso';
  const project = options.project ?? 'acr-lock';
  const issuer = `https://vstoken.dev.azure.com/${randomUUID()}`;
  const signingKey = createSigningKey();
  const systemAccessToken = randomBytes(36).toString('base64url');
  const path = `/${organization}/${randomUUID()}/_apis/distributedtask/hubs/build/plans/${randomUUID()}/jobs/${randomUUID()}/oidctoken`;
  const subjectFor = (id: string) => `sc://${organization}/${project}/${options.connections[id] ?? id}`;
  const requestLog: PipelinesOidcRequest[] = [];
  const issued: string[] = [];

  const stub = await startHttpsStub('pipelines-oidc-stub', (request) => {
    const apiVersion = request.query.get('api-version');
    const serviceConnectionId = request.query.get('serviceConnectionId');
    const authorized = request.headers.authorization === `Bearer ${systemAccessToken}`;
    const suppressRedirect = request.headers['x-tfs-fedauthredirect'] === 'Suppress';
    let status = 200;
    let body: unknown;
    if (request.method !== 'POST' || request.path !== path) {
      status = 404;
      body = vssError(`No route for ${request.method} ${request.path}.`, 'RouteNotFoundException');
    } else if (!authorized) {
      status = 401;
      body = vssError(
        'TF400813: The user is not authorized to access this resource.',
        'UnauthorizedRequestException',
      );
    } else if (apiVersion !== '7.1') {
      status = 400;
      body = vssError(
        `The requested REST API version of ${apiVersion} is not supported.`,
        'VssVersionOutOfRangeException',
      );
    } else if (serviceConnectionId === null || !(serviceConnectionId in options.connections)) {
      status = 404;
      body = vssError(
        `Service connection ${serviceConnectionId} was not found or is not authorized for this pipeline.`,
        'ServiceEndpointNotFoundException',
      );
    } else {
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        {
          jti: randomUUID(),
          sub: subjectFor(serviceConnectionId),
          aud: 'api://AzureADTokenExchange',
          iss: issuer,
          nbf: now,
          iat: now,
          exp: now + 600,
        },
        signingKey,
      );
      issued.push(token);
      body = { oidcToken: token };
    }
    requestLog.push({
      method: request.method,
      apiVersion,
      serviceConnectionId,
      authorized,
      suppressRedirect,
      status,
    });
    return { status, body };
  });

  return {
    ...stub,
    issuer,
    signingKey,
    systemAccessToken,
    oidcRequestUri: `${stub.url}${path}`,
    subjectFor,
    requestLog,
    issued,
  };
}
