import { acrErrors } from '../errors/acr-error.js';
import { header, type RequestContext } from '../http/request-context.js';
import { sendEmpty } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import { sha256Digest } from '../store/digest.js';
import type { RegistryStore, UploadRecord } from '../store/registry-store.js';
import type { Handler } from './handler-types.js';

const uploadLocation = (repository: string, id: string): string => `/v2/${repository}/blobs/uploads/${id}`;

function uploadHeaders(upload: UploadRecord): Record<string, string> {
  return {
    Location: uploadLocation(upload.repository, upload.id),
    Range: `0-${Math.max(upload.size - 1, 0)}`,
    'Docker-Upload-UUID': upload.id,
  };
}

/** Stores finished content if it matches the digest the client claims. */
function commitBlob(
  ctx: RequestContext,
  store: RegistryStore,
  repository: string,
  bytes: Buffer,
  digest: string,
): void {
  if (sha256Digest(bytes) !== digest) throw acrErrors.digestInvalid(digest);
  store.putBlob(repository, bytes);
  sendEmpty(ctx, 201, { Location: `/v2/${repository}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

/**
 * `/v2/{name}/blobs/uploads/[id]`: POST starts (or does a monolithic `?digest=` upload, or a
 * cross-repository `?mount=&from=`), PATCH appends a chunk, PUT `?digest=` finishes, GET reports
 * progress, DELETE cancels.
 */
export const v2UploadHandler: Handler<'v2-upload'> = (ctx, route, caller, { store }) => {
  const { repository, uploadId } = route;
  if (ctx.method !== 'GET' && ctx.method !== 'DELETE') lockRules.assertRepositoryWritable(store, repository);

  if (uploadId === undefined) {
    if (ctx.method !== 'POST') throw acrErrors.unsupported();
    const mount = ctx.query.get('mount');
    const from = ctx.query.get('from');
    // A mount needs pull on the source; otherwise it quietly becomes a normal upload (distribution spec).
    if (mount && from && caller.can('repository', from, 'pull') && store.getBlob(from, mount)) {
      store.linkBlob(repository, mount);
      return sendEmpty(ctx, 201, {
        Location: `/v2/${repository}/blobs/${mount}`,
        'Docker-Content-Digest': mount,
      });
    }
    const digest = ctx.query.get('digest');
    if (digest) return commitBlob(ctx, store, repository, ctx.body, digest);
    return sendEmpty(ctx, 202, uploadHeaders(store.startUpload(repository)));
  }

  const upload = store.getUpload(uploadId);
  if (!upload || upload.repository !== repository) throw acrErrors.blobUploadUnknown();
  switch (ctx.method) {
    case 'GET':
      return sendEmpty(ctx, 204, uploadHeaders(upload));
    case 'DELETE':
      store.cancelUpload(uploadId);
      return sendEmpty(ctx, 204);
    case 'PATCH': {
      const range = header(ctx, 'content-range')?.match(/^(?:bytes )?(\d+)-(\d+)/);
      if (range && Number(range[1]) !== upload.size) throw acrErrors.blobUploadInvalid('chunk out of order');
      const updated = store.appendUpload(uploadId, ctx.body);
      if (!updated) throw acrErrors.blobUploadUnknown();
      return sendEmpty(ctx, 202, uploadHeaders(updated));
    }
    case 'PUT': {
      const digest = ctx.query.get('digest');
      if (!digest) throw acrErrors.digestInvalid('');
      if (ctx.body.length > 0) store.appendUpload(uploadId, ctx.body);
      const bytes = store.takeUpload(uploadId);
      if (!bytes) throw acrErrors.blobUploadUnknown();
      return commitBlob(ctx, store, repository, bytes, digest);
    }
    default:
      throw acrErrors.unsupported();
  }
};
