/**
 * One line per request, for benchmarks and tests. `kind`: 'challenge' for any 401, 'auth' for
 * `/oauth2/*`, 'read' for GET/HEAD, 'write' for everything else. `path` is the decoded path without
 * the query, `query` the query's parameters as the request sent them (absent when none); `status` is 0
 * when the connection was dropped.
 */
export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  /** `n=100&last=v2`, without the `?`. */
  query?: string;
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
