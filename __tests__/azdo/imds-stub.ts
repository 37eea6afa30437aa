// The Azure Instance Metadata Service's managed identity endpoint, as an agent VM sees it (plain HTTP):
// `GET /metadata/identity/oauth2/token?api-version=…&resource=…[&client_id=…]` with `Metadata: true`.
// @azure/identity (through MSAL) reaches it at AZURE_POD_IDENTITY_AUTHORITY_HOST instead of 169.254.169.254.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImdsRequest {
  readonly path: string;
  readonly resource: string | null;
  readonly clientId: string | null;
  /** `Metadata: true`, which IMDS requires. */
  readonly metadata: boolean;
}

export interface ImdsStub {
  /** `http://127.0.0.1:<port>`, for AZURE_POD_IDENTITY_AUTHORITY_HOST. */
  readonly url: string;
  readonly requests: ImdsRequest[];
  close(): Promise<void>;
  /** Lets the test process exit while the stub still listens (a stub shared by a whole test file). */
  unref(): void;
}

/** An identity on the VM: its token for a resource, or undefined when the VM has no such identity. */
export type IdentityTokens = (request: ImdsRequest) => string | undefined;

export async function startImdsStub(tokenFor: IdentityTokens): Promise<ImdsStub> {
  const requests: ImdsRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: ImdsRequest = {
      path: url.pathname,
      resource: url.searchParams.get('resource'),
      clientId: url.searchParams.get('client_id'),
      metadata: req.headers.metadata === 'true',
    };
    requests.push(request);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    // MSAL appends a slash to the token path; IMDS takes either.
    if (request.path.replace(/\/$/, '') !== '/metadata/identity/oauth2/token') {
      send(404, { error: 'not_found', error_description: 'Not found' });
      return;
    }
    if (!request.metadata) {
      send(400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
      return;
    }
    const token = tokenFor(request);
    if (token === undefined) {
      send(400, { error: 'invalid_request', error_description: 'Identity not found' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    send(200, {
      access_token: token,
      client_id: request.clientId ?? '00000000-0000-0000-0000-000000000000',
      expires_in: '86399',
      expires_on: String(now + 86399),
      ext_expires_in: '86399',
      not_before: String(now),
      resource: request.resource,
      token_type: 'Bearer',
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    unref: () => void server.unref(),
  };
}
