import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JWTs with a per-instance secret: clients only decode the payload (the SDK reads `exp`). */
export type JwtPayload = Record<string, unknown> & { exp: number };

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function signJwt(payload: JwtPayload, secret: Buffer): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** The payload when the signature is ours and `exp` is in the future; undefined otherwise. */
export function verifyJwt(token: string, secret: Buffer, nowSeconds: number): JwtPayload | undefined {
  const [head, body, sig] = token.split('.');
  if (head === undefined || body === undefined || sig === undefined) return undefined;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp !== 'number' || exp <= nowSeconds) return undefined;
  return payload as JwtPayload;
}
