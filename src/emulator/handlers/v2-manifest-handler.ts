import { acrErrors } from '../errors/acr-error.js';
import type { RequestContext } from '../http/request-context.js';
import { header } from '../http/request-context.js';
import { send, sendEmpty } from '../http/respond.js';
import { lockRules } from '../locks/lock-rules.js';
import { isDigest, sha256Digest } from '../store/digest.js';
import { ManifestParseError, parseManifest, type ManifestFacts } from '../store/manifest-facts.js';
import type { RegistryStore } from '../store/registry-store.js';
import type { EmulatorServices, Handler, RouteOf } from './handler-types.js';

type Route = RouteOf<'v2-manifest'>;

/** `/v2/{name}/manifests/{reference}`: HEAD/GET (pull), PUT (push), DELETE. */
export const v2ManifestHandler: Handler<'v2-manifest'> = (ctx, route, _caller, services) => {
  switch (ctx.method) {
    case 'GET':
    case 'HEAD':
      return getManifest(ctx, route, services.store);
    case 'PUT':
      return putManifest(ctx, route, services.store);
    default:
      return deleteManifest(ctx, route, services);
  }
};

function getManifest(ctx: RequestContext, { repository, reference }: Route, store: RegistryStore): void {
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  let digest = reference;
  if (isDigest(reference)) {
    if (!store.getManifest(repository, reference)) throw acrErrors.manifestUnknown(reference);
    lockRules.assertCanPullByDigest(store, repository, reference);
  } else {
    const tag = store.getTag(repository, reference);
    if (!tag) throw acrErrors.manifestUnknown(reference);
    digest = tag.digest;
    lockRules.assertCanPullByTag(store, repository, reference, digest);
  }
  const manifest = store.getManifest(repository, digest);
  if (!manifest) throw acrErrors.manifestUnknown(reference);
  send(
    ctx,
    200,
    {
      'Content-Type': manifest.mediaType,
      'Docker-Content-Digest': manifest.digest,
      ETag: `"${manifest.digest}"`,
    },
    manifest.bytes,
  );
}

/** Everything a manifest refers to must already be there, as registries require. */
function assertContentPresent(store: RegistryStore, repository: string, facts: ManifestFacts): void {
  for (const d of [...(facts.config ? [facts.config] : []), ...facts.layers]) {
    if (!store.hasBlobAnywhere(d.digest)) throw acrErrors.manifestBlobUnknown(d.digest);
  }
  for (const child of facts.children) {
    if (!store.getManifest(repository, child.digest)) throw acrErrors.manifestBlobUnknown(child.digest);
  }
}

function putManifest(ctx: RequestContext, { repository, reference }: Route, store: RegistryStore): void {
  let facts: ManifestFacts;
  try {
    facts = parseManifest(ctx.body, header(ctx, 'content-type'));
  } catch (e) {
    if (e instanceof ManifestParseError) throw acrErrors.manifestInvalid(e.message);
    throw e;
  }
  const digest = sha256Digest(ctx.body);
  if (isDigest(reference) && reference !== digest) throw acrErrors.digestInvalid(reference);
  const tag = isDigest(reference) ? undefined : reference;
  lockRules.assertCanPushManifest(store, repository, digest, tag);
  assertContentPresent(store, repository, facts);
  for (const d of [...(facts.config ? [facts.config] : []), ...facts.layers])
    store.linkBlob(repository, d.digest);
  store.putManifest(repository, ctx.body, facts.mediaType);
  if (tag !== undefined) store.setTag(repository, tag, digest);
  const headers: Record<string, string> = {
    Location: `/v2/${repository}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
  };
  if (facts.subject) headers['OCI-Subject'] = facts.subject.digest;
  sendEmpty(ctx, 201, headers);
}

/** By digest: the manifest and all its tags. By tag: untag only (OCI 1.1 tag deletion). */
function deleteManifest(
  ctx: RequestContext,
  { repository, reference }: Route,
  { store }: EmulatorServices,
): void {
  if (!store.getRepository(repository)) throw acrErrors.nameUnknown(repository);
  if (isDigest(reference)) {
    if (!store.getManifest(repository, reference)) throw acrErrors.manifestUnknown(reference);
    lockRules.assertCanDeleteManifest(store, repository, reference);
    store.deleteManifest(repository, reference);
  } else {
    if (!store.getTag(repository, reference)) throw acrErrors.manifestUnknown(reference);
    lockRules.assertCanDeleteTag(store, repository, reference);
    store.deleteTag(repository, reference);
  }
  sendEmpty(ctx, 202);
}
