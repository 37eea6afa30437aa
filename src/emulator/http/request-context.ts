import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as every layer sees it: parsed once, body already read. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** Decoded path (`%2F` → `/`, `%3A` → `:`), no query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  /** Called with the status just before the answer is written (the request log hooks in here). */
  readonly onAnswer: (status: number) => void;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  onAnswer: (status: number) => void = () => undefined,
): RequestContext {
  const url = new URL(req.url ?? '/', 'https://emulator.invalid');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  return {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query: url.searchParams,
    body,
    onAnswer,
  };
}

/** Form fields of an `application/x-www-form-urlencoded` body; repeated keys kept. */
export function formOf(ctx: RequestContext): URLSearchParams {
  return new URLSearchParams(ctx.body.toString('utf8'));
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
