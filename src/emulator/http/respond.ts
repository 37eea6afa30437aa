import type { AcrError } from '../errors/acr-error.js';
import type { RequestContext } from './request-context.js';

/** Headers ACR sends on every data-plane answer. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Docker-Distribution-Api-Version': 'registry/2.0',
  'Access-Control-Expose-Headers':
    'Docker-Content-Digest, WWW-Authenticate, Link, X-Ms-Correlation-Request-Id',
  'X-Content-Type-Options': 'nosniff',
  Server: 'AzureContainerRegistry',
};

const JSON_TYPE = 'application/json; charset=utf-8';

export function send(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string | number>,
  body?: Buffer,
): void {
  const { res } = ctx;
  if (res.headersSent || res.destroyed) return;
  const all: Record<string, string | number> = { ...COMMON_HEADERS, ...headers };
  if (all['Content-Length'] === undefined) all['Content-Length'] = body?.length ?? 0;
  ctx.onAnswer(status);
  res.writeHead(status, all);
  // HEAD answers carry the GET headers (Content-Length included) but never a body.
  res.end(ctx.method === 'HEAD' ? undefined : body);
}

export function sendJson(
  ctx: RequestContext,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(ctx, status, { 'Content-Type': JSON_TYPE, ...headers }, Buffer.from(JSON.stringify(value), 'utf8'));
}

export function sendEmpty(
  ctx: RequestContext,
  status: number,
  headers: Record<string, string | number> = {},
): void {
  send(ctx, status, headers);
}

export function sendError(ctx: RequestContext, error: AcrError): void {
  sendJson(ctx, error.status, error.toBody(), { ...error.headers });
}
