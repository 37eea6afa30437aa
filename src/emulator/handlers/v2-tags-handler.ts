import { acrErrors } from '../errors/acr-error.js';
import { linkHeader, parsePageSize } from '../http/paging.js';
import { sendJson } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import type { Handler } from './handler-types.js';

/** `GET /v2/{name}/tags/list`: lexical, `n`/`last` paging with `Link`; list-disabled tags hidden. */
export const v2TagsHandler: Handler<'v2-tags'> = (ctx, route, _caller, { store, pageSizeLimit }) => {
  const { repository } = route;
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  const n = parsePageSize(ctx.query.get('n'), pageSizeLimit);
  const last = ctx.query.get('last');
  const page = store.pageTags(repository, {
    order: 'key',
    n,
    ...(last ? { last } : {}),
    include: (t) => lockRules.isListed(t.attributes),
  });
  const names = page.items.map((t) => t.name);
  const nextLast = page.more ? names[names.length - 1] : undefined;
  const headers: Record<string, string> = nextLast
    ? {
        Link: linkHeader(`/v2/${repository}/tags/list`, [
          ['last', nextLast],
          ['n', String(n)],
        ]),
      }
    : {};
  sendJson(ctx, 200, { name: repository, tags: names }, headers);
};
