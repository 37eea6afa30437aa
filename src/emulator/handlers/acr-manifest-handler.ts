import { acrErrors } from '../errors/acr-error.js';
import { sendJson } from '../http/respond.js';
import { manifestView } from './acr-views.js';
import { parseAttributePatch } from './attribute-patch.js';
import type { Handler } from './handler-types.js';

/** `/acr/v1/{name}/_manifests/{digest}`: GET properties, PATCH attributes. */
export const acrManifestHandler: Handler<'acr-manifest'> = (
  ctx,
  route,
  _caller,
  { store, loginServer, testMutation },
) => {
  const { repository, digest } = route;
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  let manifest = store.getManifest(repository, digest);
  if (!manifest) throw acrErrors.manifestUnknown(digest);
  if (ctx.method === 'PATCH') {
    manifest = store.updateManifestAttributes(repository, digest, parseAttributePatch(ctx));
    if (!manifest) throw acrErrors.manifestUnknown(digest);
  }
  sendJson(ctx, 200, {
    registry: loginServer,
    imageName: repository,
    manifest: manifestView(manifest, store.tagsOf(repository, digest), testMutation),
  });
};
