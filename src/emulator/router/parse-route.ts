/**
 * Path → route. Repository names contain slashes, so every pattern anchors the fixed suffix at the
 * end and lets the greedy name take the rest ("parse from the right").
 */
export type Route =
  | { kind: 'oauth-exchange' }
  | { kind: 'oauth-token' }
  | { kind: 'v2-base' }
  | { kind: 'v2-catalog' }
  | { kind: 'acr-catalog' }
  | { kind: 'acr-repository'; repository: string }
  | { kind: 'acr-tags'; repository: string }
  | { kind: 'acr-tag'; repository: string; tag: string }
  | { kind: 'acr-manifests'; repository: string }
  | { kind: 'acr-manifest'; repository: string; digest: string }
  | { kind: 'v2-manifest'; repository: string; reference: string }
  | { kind: 'v2-blob'; repository: string; digest: string }
  | { kind: 'v2-upload'; repository: string; uploadId?: string }
  | { kind: 'v2-tags'; repository: string }
  | { kind: 'v2-referrers'; repository: string; digest: string };

export type RouteKind = Route['kind'];

type Matcher = [RegExp, (m: RegExpMatchArray) => Route];

const at = (m: RegExpMatchArray, i: number): string => m[i] ?? '';

const MATCHERS: readonly Matcher[] = [
  [/^\/oauth2\/exchange\/?$/, () => ({ kind: 'oauth-exchange' })],
  [/^\/oauth2\/token\/?$/, () => ({ kind: 'oauth-token' })],
  [/^\/v2\/?$/, () => ({ kind: 'v2-base' })],
  [/^\/v2\/_catalog$/, () => ({ kind: 'v2-catalog' })],
  [/^\/acr\/v1\/_catalog$/, () => ({ kind: 'acr-catalog' })],
  [/^\/acr\/v1\/(.+)\/_tags\/([^/]+)$/, (m) => ({ kind: 'acr-tag', repository: at(m, 1), tag: at(m, 2) })],
  [/^\/acr\/v1\/(.+)\/_tags\/?$/, (m) => ({ kind: 'acr-tags', repository: at(m, 1) })],
  [
    /^\/acr\/v1\/(.+)\/_manifests\/([^/]+)$/,
    (m) => ({ kind: 'acr-manifest', repository: at(m, 1), digest: at(m, 2) }),
  ],
  [/^\/acr\/v1\/(.+)\/_manifests\/?$/, (m) => ({ kind: 'acr-manifests', repository: at(m, 1) })],
  [/^\/acr\/v1\/(.+?)\/?$/, (m) => ({ kind: 'acr-repository', repository: at(m, 1) })],
  [
    /^\/v2\/(.+)\/manifests\/([^/]+)$/,
    (m) => ({ kind: 'v2-manifest', repository: at(m, 1), reference: at(m, 2) }),
  ],
  [
    /^\/v2\/(.+)\/blobs\/uploads\/?([^/]*)$/,
    (m) => {
      const id = at(m, 2);
      return id
        ? { kind: 'v2-upload', repository: at(m, 1), uploadId: id }
        : { kind: 'v2-upload', repository: at(m, 1) };
    },
  ],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'v2-blob', repository: at(m, 1), digest: at(m, 2) })],
  [/^\/v2\/(.+)\/tags\/list$/, (m) => ({ kind: 'v2-tags', repository: at(m, 1) })],
  [
    /^\/v2\/(.+)\/referrers\/([^/]+)$/,
    (m) => ({ kind: 'v2-referrers', repository: at(m, 1), digest: at(m, 2) }),
  ],
];

export function parseRoute(path: string): Route | undefined {
  for (const [pattern, build] of MATCHERS) {
    const m = path.match(pattern);
    if (m) return build(m);
  }
  return undefined;
}

/** The distribution spec's repository name grammar. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

export function isValidRepositoryName(name: string): boolean {
  return name.length <= 256 && REPOSITORY_NAME.test(name);
}

export function repositoryOf(route: Route): string | undefined {
  return 'repository' in route ? route.repository : undefined;
}
