import { acrErrors } from '../errors/acr-error.js';
import { sendEmpty, sendJson } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import { tagView } from './acr-views.js';
import { parseAttributePatch } from './attribute-patch.js';
import type { Handler } from './handler-types.js';

/** `/acr/v1/{name}/_tags/{tag}`: GET properties, PATCH attributes, DELETE (untag). */
export const acrTagHandler: Handler<'acr-tag'> = (
  ctx,
  route,
  _caller,
  { store, loginServer, testMutation },
) => {
  const { repository, tag } = route;
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  const current = store.getTag(repository, tag);
  if (!current) throw acrErrors.tagUnknown();
  const body = (t: typeof current): object => ({
    registry: loginServer,
    imageName: repository,
    tag: tagView(t, testMutation),
  });
  if (ctx.method === 'GET') return sendJson(ctx, 200, body(current));
  if (ctx.method === 'PATCH') {
    const updated = store.updateTagAttributes(repository, tag, parseAttributePatch(ctx));
    if (!updated) throw acrErrors.tagUnknown();
    return sendJson(ctx, 200, body(updated));
  }
  lockRules.assertCanDeleteTag(store, repository, tag);
  store.deleteTag(repository, tag);
  sendEmpty(ctx, 202, { 'X-Ms-Int-Docker-Content-Digest': current.digest });
};
