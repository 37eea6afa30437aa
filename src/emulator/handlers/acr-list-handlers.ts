import { acrErrors } from '../errors/acr-error.js';
import { linkHeader, pageOf, parsePageSize, type PageSizeLimit } from '../http/paging.js';
import type { RequestContext } from '../http/request-context.js';
import { sendJson } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import type {
  ChangeableAttributes,
  ListingOrder,
  ListingQuery,
  ManifestRecord,
  TagRecord,
} from '../store/registry-store.js';
import { manifestView, tagView } from './acr-views.js';
import type { Handler } from './handler-types.js';

/** By key (the default), or by last update time when `orderby` asks for it. */
function orderOf(ctx: RequestContext): ListingOrder {
  const value = ctx.query.get('orderby');
  return value === 'timedesc' || value === 'timeasc' ? value : 'key';
}

/** The page `n`, `last` and `orderby` ask for, list-disabled items left out. */
function listingQuery<T extends { attributes: Readonly<ChangeableAttributes> }>(
  ctx: RequestContext,
  limit: PageSizeLimit,
): ListingQuery<T> {
  const last = ctx.query.get('last');
  return {
    order: orderOf(ctx),
    n: parsePageSize(ctx.query.get('n'), limit),
    ...(last ? { last } : {}),
    include: (item) => lockRules.isListed(item.attributes),
  };
}

/** The `Link` ACR sends: `last`, `n` (the page size used), `orderby` (empty when not given), then the digest filter. */
function nextLink(path: string, last: string, n: number, ctx: RequestContext): string {
  const params: Array<[string, string]> = [
    ['last', last],
    ['n', String(n)],
    ['orderby', ctx.query.get('orderby') ?? ''],
  ];
  const digest = ctx.query.get('digest');
  if (digest) params.push(['digest', digest]);
  return linkHeader(path, params);
}

/** `GET /acr/v1/{name}/_tags`: list-disabled tags are hidden; `digest` filters. */
export const acrTagsHandler: Handler<'acr-tags'> = (
  ctx,
  route,
  _caller,
  { store, loginServer, testMutation, pageSizeLimit },
) => {
  const { repository } = route;
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  const query = listingQuery<TagRecord>(ctx, pageSizeLimit);
  const digest = ctx.query.get('digest');
  const page = store.pageTags(repository, { ...query, ...(digest ? { digest } : {}) });
  const nextLast = page.more ? page.items[page.items.length - 1]?.name : undefined;
  const headers: Record<string, string> = nextLast
    ? { Link: nextLink(`/acr/v1/${encodeURIComponent(repository)}/_tags`, nextLast, query.n, ctx) }
    : {};
  sendJson(
    ctx,
    200,
    { registry: loginServer, imageName: repository, tags: page.items.map((t) => tagView(t, testMutation)) },
    headers,
  );
};

/** `GET /acr/v1/{name}/_manifests`: ordered by digest unless `orderby` says otherwise. */
export const acrManifestsHandler: Handler<'acr-manifests'> = (
  ctx,
  route,
  _caller,
  { store, loginServer, testMutation, pageSizeLimit },
) => {
  const { repository } = route;
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  const query = listingQuery<ManifestRecord>(ctx, pageSizeLimit);
  const page = store.pageManifests(repository, query);
  const nextLast = page.more ? page.items[page.items.length - 1]?.digest : undefined;
  const headers: Record<string, string> = nextLast
    ? { Link: nextLink(`/acr/v1/${encodeURIComponent(repository)}/_manifests`, nextLast, query.n, ctx) }
    : {};
  sendJson(
    ctx,
    200,
    {
      registry: loginServer,
      imageName: repository,
      manifests: page.items.map((m) => manifestView(m, store.tagsOf(repository, m.digest), testMutation)),
    },
    headers,
  );
};

/** `GET /acr/v1/_catalog` and `GET /v2/_catalog`: same body, paged by name; list-disabled repositories hidden. */
export const catalogHandler: Handler<'acr-catalog' | 'v2-catalog'> = (
  ctx,
  route,
  _caller,
  { store, pageSizeLimit },
) => {
  const n = parsePageSize(ctx.query.get('n'), pageSizeLimit);
  const names = store.listRepositories().filter((name) => {
    const repo = store.getRepository(name);
    return repo !== undefined && lockRules.isListed(repo.attributes);
  });
  const page = pageOf(names, (name) => name, ctx.query.get('last'), n, true);
  const path = route.kind === 'acr-catalog' ? '/acr/v1/_catalog' : '/v2/_catalog';
  const headers: Record<string, string> = page.nextLast
    ? {
        Link: linkHeader(path, [
          ['last', page.nextLast],
          ['n', String(n)],
        ]),
      }
    : {};
  sendJson(ctx, 200, { repositories: page.items }, headers);
};
