import { request } from 'node:https';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface RawRegistry {
  readonly loginServer: string;
  readonly caCertPem: string;
  readonly username: string;
  readonly password: string;
}

/**
 * A plain OCI distribution request with Basic auth, as `docker push` / `docker rmi` would send it —
 * deliberately not through the SDK, to show what an ordinary client meets.
 */
export function rawRequest(
  registry: RawRegistry,
  method: string,
  path: string,
  body?: { contentType: string; bytes: Buffer },
  accept?: string,
): Promise<RawResponse> {
  const [host, port] = registry.loginServer.split(':');
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: port ? Number(port) : 443,
        method,
        path,
        ca: registry.caCertPem,
        headers: {
          Authorization: `Basic ${auth}`,
          ...(accept ? { Accept: accept } : {}),
          ...(body ? { 'Content-Type': body.contentType, 'Content-Length': body.bytes.length } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body?.bytes);
  });
}

export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
