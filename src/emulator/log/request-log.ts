/**
 * One line per request, for benchmarks and tests. `kind`: 'challenge' for any 401, 'auth' for
 * `/oauth2/*`, 'read' for GET/HEAD, 'write' for everything else. `path` is the decoded path without
 * the query; `status` is 0 when the connection was dropped.
 */
export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  status: number;
  kind: 'auth' | 'challenge' | 'read' | 'write';
  repository?: string;
  /** Who made it (admin user, token name, Entra subject, `<anonymous>`), once authenticated. */
  principal?: string;
  /** The client's User-Agent header, as sent. */
  userAgent?: string;
  durationMs: number;
}

export function kindOf(method: string, path: string, status: number): RequestLogEntry['kind'] {
  if (status === 401) return 'challenge';
  if (path.startsWith('/oauth2/')) return 'auth';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}
