import { createHash } from 'node:crypto';

/** `sha256:<hex>` of the exact bytes: what registries call a content digest. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** A reference is a digest when it has an algorithm prefix; tags cannot contain ':'. */
export function isDigest(reference: string): boolean {
  return reference.includes(':');
}

export function isValidDigest(value: string): boolean {
  return DIGEST.test(value) && (!value.startsWith('sha256:') || /^sha256:[a-f0-9]{64}$/.test(value));
}
