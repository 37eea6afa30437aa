import { send } from '../http/respond.js';
import { MEDIA_TYPES } from '../store/media-types.js';
import type { Handler } from './handler-types.js';

/**
 * `GET /v2/{name}/referrers/{digest}`: an OCI image index of the manifests whose `subject` is the
 * digest (always 200, empty when there are none), optionally filtered by `artifactType`.
 */
export const v2ReferrersHandler: Handler<'v2-referrers'> = (ctx, route, _caller, { store }) => {
  const filter = ctx.query.get('artifactType');
  const referrers = store
    .listReferrers(route.repository, route.digest)
    .filter((m) => !filter || m.artifactType === filter);
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: referrers.map((m) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.bytes.length,
      ...(m.artifactType ? { artifactType: m.artifactType } : {}),
      ...(m.annotations ? { annotations: m.annotations } : {}),
    })),
  };
  const headers: Record<string, string> = { 'Content-Type': MEDIA_TYPES.ociIndex };
  if (filter) headers['OCI-Filters-Applied'] = 'artifactType';
  send(ctx, 200, headers, Buffer.from(JSON.stringify(index), 'utf8'));
};
