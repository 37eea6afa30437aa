import { acrErrors } from '../errors/acr-error.js';
import { sendJson } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import { repositoryView } from './acr-views.js';
import { parseAttributePatch } from './attribute-patch.js';
import type { Handler } from './handler-types.js';

/** `/acr/v1/{name}`: GET properties, PATCH attributes, DELETE the whole repository. */
export const acrRepositoryHandler: Handler<'acr-repository'> = (
  ctx,
  route,
  _caller,
  { store, loginServer, testMutation },
) => {
  const name = route.repository;
  const repo = store.getRepository(name);
  if (!repo) throw acrErrors.nameUnknown(name);
  if (ctx.method === 'GET') return sendJson(ctx, 200, repositoryView(loginServer, store, repo, testMutation));
  if (ctx.method === 'PATCH') {
    const updated = store.updateRepositoryAttributes(name, parseAttributePatch(ctx));
    if (!updated) throw acrErrors.nameUnknown(name);
    return sendJson(ctx, 200, repositoryView(loginServer, store, updated, testMutation));
  }
  lockRules.assertCanDeleteRepository(store, name);
  const deleted = store.deleteRepository(name);
  if (!deleted) throw acrErrors.nameUnknown(name);
  sendJson(ctx, 202, deleted);
};
