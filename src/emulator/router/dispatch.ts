import type { Caller } from '../auth/authenticate.js';
import { acrManifestsHandler, acrTagsHandler, catalogHandler } from '../handlers/acr-list-handlers.js';
import { acrManifestHandler } from '../handlers/acr-manifest-handler.js';
import { acrRepositoryHandler } from '../handlers/acr-repository-handler.js';
import { acrTagHandler } from '../handlers/acr-tag-handler.js';
import type { EmulatorServices, Handler } from '../handlers/handler-types.js';
import { oauthExchangeHandler, oauthTokenHandler } from '../handlers/oauth-handlers.js';
import { v2BaseHandler } from '../handlers/v2-base-handler.js';
import { v2BlobHandler } from '../handlers/v2-blob-handler.js';
import { v2ManifestHandler } from '../handlers/v2-manifest-handler.js';
import { v2ReferrersHandler } from '../handlers/v2-referrers-handler.js';
import { v2TagsHandler } from '../handlers/v2-tags-handler.js';
import { v2UploadHandler } from '../handlers/v2-upload-handler.js';
import type { RequestContext } from '../http/request-context.js';
import type { Route, RouteKind } from './parse-route.js';

const HANDLERS: { [K in RouteKind]: Handler<K> } = {
  'oauth-exchange': oauthExchangeHandler,
  'oauth-token': oauthTokenHandler,
  'v2-base': v2BaseHandler,
  'v2-catalog': (ctx, route, caller, services) => catalogHandler(ctx, route, caller, services),
  'acr-catalog': (ctx, route, caller, services) => catalogHandler(ctx, route, caller, services),
  'acr-repository': acrRepositoryHandler,
  'acr-tags': acrTagsHandler,
  'acr-tag': acrTagHandler,
  'acr-manifests': acrManifestsHandler,
  'acr-manifest': acrManifestHandler,
  'v2-manifest': v2ManifestHandler,
  'v2-blob': v2BlobHandler,
  'v2-upload': v2UploadHandler,
  'v2-tags': v2TagsHandler,
  'v2-referrers': v2ReferrersHandler,
};

export function dispatch(
  ctx: RequestContext,
  route: Route,
  caller: Caller,
  services: EmulatorServices,
): void | Promise<void> {
  const handler = HANDLERS[route.kind] as Handler<RouteKind>;
  return handler(ctx, route, caller, services);
}
