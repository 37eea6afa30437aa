import { acrErrors } from '../errors/acr-error.js';
import { linkHeader, pageOf, parsePageSize } from '../http/paging.js';
import { sendJson } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import type { Handler } from './handler-types.js';

/** `GET /v2/{name}/tags/list`: lexical, `n`/`last` paging with `Link`; list-disabled tags hidden. */
export const v2TagsHandler: Handler<'v2-tags'> = (ctx, route, _caller, { store }) => {
  const { repository } = route;
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  const n = parsePageSize(ctx.query.get('n'));
  const names = store
    .listTags(repository)
    .filter((t) => lockRules.isListed(t.attributes))
    .map((t) => t.name);
  const page = pageOf(names, (name) => name, ctx.query.get('last'), n, true);
  const headers: Record<string, string> = page.nextLast
    ? {
        Link: linkHeader(`/v2/${repository}/tags/list`, [
          ['last', page.nextLast],
          ['n', String(n)],
        ]),
      }
    : {};
  sendJson(ctx, 200, { name: repository, tags: page.items }, headers);
};
