import type { BuiltBlob, BuiltManifest, RunningEmulator } from '../../../src/emulator/index.js';
import { call, type Reply } from './https-client.js';

/** Small registry operations over HTTP with admin Basic auth (what a push/pull client does). */
export function pushBlob(emu: RunningEmulator, repository: string, blob: BuiltBlob): Promise<Reply> {
  return call(emu, {
    method: 'POST',
    path: `/v2/${repository}/blobs/uploads/?digest=${blob.digest}`,
    basic: emu.admin,
    headers: { 'Content-Type': 'application/octet-stream' },
    body: blob.bytes,
  });
}

export function putManifest(
  emu: RunningEmulator,
  repository: string,
  reference: string,
  m: BuiltBlob,
): Promise<Reply> {
  return call(emu, {
    method: 'PUT',
    path: `/v2/${repository}/manifests/${reference}`,
    basic: emu.admin,
    headers: { 'Content-Type': m.mediaType },
    body: m.bytes,
  });
}

/** Blobs, then children, then the manifest itself, as a client pushes an image. */
export async function pushImage(
  emu: RunningEmulator,
  repository: string,
  image: BuiltManifest,
  tag?: string,
): Promise<Reply> {
  for (const child of image.children) await pushImage(emu, repository, child);
  for (const blob of image.blobs) {
    const reply = await pushBlob(emu, repository, blob);
    if (reply.status !== 201) throw new Error(`blob push failed: ${reply.status} ${reply.text}`);
  }
  return putManifest(emu, repository, tag ?? image.digest, image);
}

export const get = (emu: RunningEmulator, path: string, method = 'GET'): Promise<Reply> =>
  call(emu, { method, path, basic: emu.admin });

export const del = (emu: RunningEmulator, path: string): Promise<Reply> =>
  call(emu, { method: 'DELETE', path, basic: emu.admin });

export const patch = (
  emu: RunningEmulator,
  path: string,
  attributes: Record<string, boolean>,
): Promise<Reply> =>
  call(emu, {
    method: 'PATCH',
    path,
    basic: emu.admin,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(attributes),
  });

export const acrPath = (repository: string, rest = ''): string =>
  `/acr/v1/${encodeURIComponent(repository)}${rest}`;

export const DISALLOWED = {
  errors: [
    {
      code: 'REGISTRY_DISALLOWED_OPERATION',
      message:
        'The operation is disallowed on this registry, repository or image. View troubleshooting steps at https://aka.ms/acr/faq/#why-does-my-pull-or-push-request-fail-with-disallowed-operation',
      detail: {},
    },
  ],
};
