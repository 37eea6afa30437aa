import type { Route } from './parse-route.js';

/** What a route needs from the caller, which is also what the 401 challenge asks for. */
export type RequiredAccess =
  | { kind: 'none' }
  | { kind: 'any-credential' }
  | { kind: 'scope'; type: 'repository' | 'registry'; name: string; actions: string[] };

const repo = (name: string, ...actions: string[]): RequiredAccess => ({
  kind: 'scope',
  type: 'repository',
  name,
  actions,
});

const CATALOG: RequiredAccess = { kind: 'scope', type: 'registry', name: 'catalog', actions: ['*'] };

/** Methods each route answers; anything else is 405 UNSUPPORTED before auth. */
const METHODS: Record<Route['kind'], readonly string[]> = {
  'oauth-exchange': ['POST'],
  'oauth-token': ['GET', 'POST'],
  'v2-base': ['GET', 'HEAD'],
  'v2-catalog': ['GET'],
  'acr-catalog': ['GET'],
  'acr-repository': ['GET', 'PATCH', 'DELETE'],
  'acr-tags': ['GET'],
  'acr-tag': ['GET', 'PATCH', 'DELETE'],
  'acr-manifests': ['GET'],
  'acr-manifest': ['GET', 'PATCH'],
  'v2-manifest': ['GET', 'HEAD', 'PUT', 'DELETE'],
  'v2-blob': ['GET', 'HEAD', 'DELETE'],
  'v2-upload': ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
  'v2-tags': ['GET'],
  'v2-referrers': ['GET'],
};

export function methodAllowed(route: Route, method: string): boolean {
  return METHODS[route.kind].includes(method);
}

/** Scope actions per route and method, as ACR's challenges name them. */
export function requiredAccess(route: Route, method: string): RequiredAccess {
  const read = method === 'GET' || method === 'HEAD';
  switch (route.kind) {
    case 'oauth-exchange':
    case 'oauth-token':
      return { kind: 'none' };
    case 'v2-base':
      return { kind: 'any-credential' };
    case 'v2-catalog':
    case 'acr-catalog':
      return CATALOG;
    case 'acr-repository':
    case 'acr-tag':
    case 'acr-tags':
    case 'acr-manifest':
    case 'acr-manifests':
      if (read) return repo(route.repository, 'metadata_read');
      return repo(route.repository, method === 'DELETE' ? 'delete' : 'metadata_write');
    case 'v2-manifest':
    case 'v2-blob':
      if (read) return repo(route.repository, 'pull');
      return method === 'DELETE' ? repo(route.repository, 'delete') : repo(route.repository, 'pull', 'push');
    case 'v2-upload':
      return repo(route.repository, 'pull', 'push');
    case 'v2-tags':
    case 'v2-referrers':
      return repo(route.repository, 'pull');
  }
}
