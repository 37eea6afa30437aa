import { request as httpsRequest } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { RunningEmulator } from '../../../src/emulator/index.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON (throws if it is not). */
  json: () => unknown;
}

export interface Call {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** `Authorization: Bearer …` */
  bearer?: string;
  /** `Authorization: Basic …` */
  basic?: { username: string; password: string };
}

/** One HTTPS request to the emulator, trusting its CA (a fresh connection each time). */
export function call(emu: Pick<RunningEmulator, 'url' | 'caCertPem'>, c: Call): Promise<Reply> {
  const url = new URL(c.path, emu.url);
  const headers: Record<string, string> = { ...c.headers };
  if (c.bearer) headers.Authorization = `Bearer ${c.bearer}`;
  if (c.basic)
    headers.Authorization = `Basic ${Buffer.from(`${c.basic.username}:${c.basic.password}`).toString('base64')}`;
  const body = c.body === undefined ? undefined : Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body);
  if (body) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: c.method ?? 'GET', headers, ca: emu.caCertPem, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const data = Buffer.concat(chunks);
          const text = data.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: data,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const form = (fields: Record<string, string | string[]>): Call['body'] => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

export const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Decodes a JWT payload (no verification: what a client does). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** An access token through the password grant (admin by default), for the given scopes. */
export async function passwordToken(
  emu: Pick<RunningEmulator, 'url' | 'caCertPem' | 'loginServer' | 'admin'>,
  scopes: string[],
  creds: { username: string; password: string } = emu.admin,
): Promise<string> {
  const reply = await call(emu, {
    method: 'POST',
    path: '/oauth2/token',
    headers: FORM_HEADERS,
    body: form({ grant_type: 'password', service: emu.loginServer, scope: scopes, ...creds }),
  });
  if (reply.status !== 200) throw new Error(`password grant failed: ${reply.status} ${reply.text}`);
  return (reply.json() as { access_token: string }).access_token;
}
