import { acrErrors } from '../errors/acr-error.js';
import { header } from '../http/request-context.js';
import { send, sendEmpty } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import type { Handler } from './handler-types.js';

/** `bytes=a-b`, `bytes=a-`; undefined for anything else (then the whole blob is sent). */
function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = value?.match(/^bytes=(\d+)-(\d*)$/);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  if (start > end || start >= size) throw acrErrors.rangeInvalid();
  return { start, end };
}

/** `/v2/{name}/blobs/{digest}`: HEAD/GET (with simple Range support) and DELETE (unlink). */
export const v2BlobHandler: Handler<'v2-blob'> = (ctx, route, _caller, { store }) => {
  const { repository, digest } = route;
  if (ctx.method === 'DELETE') {
    if (!store.unlinkBlob(repository, digest)) throw acrErrors.blobUnknown(digest);
    return sendEmpty(ctx, 202, { 'Docker-Content-Digest': digest });
  }
  lockRules.assertCanPullBlob(store, repository);
  const bytes = store.getBlob(repository, digest);
  if (!bytes) throw acrErrors.blobUnknown(digest);
  const base = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    'Accept-Ranges': 'bytes',
  };
  const range = parseRange(header(ctx, 'range'), bytes.length);
  if (!range) return send(ctx, 200, base, bytes);
  // A ranged HEAD is answered 200 with the range's headers (the spec's CheckBlobChunk example).
  send(
    ctx,
    ctx.method === 'HEAD' ? 200 : 206,
    { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${bytes.length}` },
    bytes.subarray(range.start, range.end + 1),
  );
};
