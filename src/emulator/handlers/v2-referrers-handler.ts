import { linkHeader, pageOf, parsePageSize } from '../http/paging.js';
import { send } from '../http/respond.js';
import { MEDIA_TYPES } from '../store/media-types.js';
import type { Handler } from './handler-types.js';

/**
 * `GET /v2/{name}/referrers/{digest}` (OCI distribution 1.1): an image index of the manifests whose
 * `subject` is the digest, ordered by digest, always 200 (empty when there are none). The
 * `artifactType` filter is applied and said so in `OCI-Filters-Applied`. At most the emulator's
 * referrers page size per answer (less with `n`); a `Link` header (`rel="next"`, `last` = the
 * page's last digest) leads to the rest, keeping the filter.
 */
export const v2ReferrersHandler: Handler<'v2-referrers'> = (ctx, route, _caller, services) => {
  const { repository, digest } = route;
  const filter = ctx.query.get('artifactType');
  const n = Math.min(parsePageSize(ctx.query.get('n')), services.referrersPageSize);
  const referrers = services.store
    .listReferrers(repository, digest)
    .filter((m) => !filter || m.artifactType === filter);
  const page = pageOf(referrers, (m) => m.digest, ctx.query.get('last'), n, true);
  const index = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociIndex,
    manifests: page.items.map((m) => ({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.bytes.length,
      ...(m.artifactType ? { artifactType: m.artifactType } : {}),
      ...(m.annotations ? { annotations: m.annotations } : {}),
    })),
  };
  const headers: Record<string, string> = { 'Content-Type': MEDIA_TYPES.ociIndex };
  if (filter) headers['OCI-Filters-Applied'] = 'artifactType';
  if (page.nextLast) {
    const params: Array<[string, string]> = [
      ['last', page.nextLast],
      ['n', String(n)],
    ];
    if (filter) params.push(['artifactType', filter]);
    headers.Link = linkHeader(`/v2/${repository}/referrers/${digest}`, params);
  }
  send(ctx, 200, headers, Buffer.from(JSON.stringify(index), 'utf8'));
};
