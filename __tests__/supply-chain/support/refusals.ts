// What a lock must refuse, tried over real HTTP as a registry client would: a push over and a delete of
// every manifest and tag of the tree.
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { call, passwordToken } from '../../emulator/support/https-client.js';
import type { Chain } from './chain.js';

export interface Attempt {
  readonly what: string;
  readonly status: number;
}

/**
 * Every push over and delete of the chain's objects, with a token that has push and delete: the status
 * each got. A manifest is pushed again with its own bytes (by digest); a tag is pushed over with another
 * manifest of the tree; both are deleted (the tag by untagging).
 */
export async function tryPushAndDelete(emu: RunningEmulator, chain: Chain): Promise<Attempt[]> {
  const { repository } = chain;
  const bearer = await passwordToken(emu, [`repository:${repository}:pull,push,delete`]);
  const attempts: Attempt[] = [];
  const manifestOf = (digest: string) => {
    const record = emu.store.getManifest(repository, digest);
    if (!record) throw new Error(`${digest} is not in the registry`);
    return record;
  };
  for (const digest of chain.manifests) {
    const record = manifestOf(digest);
    const put = await call(emu, {
      method: 'PUT',
      path: `/v2/${repository}/manifests/${digest}`,
      headers: { 'Content-Type': record.mediaType },
      body: record.bytes,
      bearer,
    });
    attempts.push({ what: `push @${digest}`, status: put.status });
    const del = await call(emu, { method: 'DELETE', path: `/v2/${repository}/manifests/${digest}`, bearer });
    attempts.push({ what: `delete @${digest}`, status: del.status });
  }
  const other = manifestOf(chain.platforms[0] ?? '');
  for (const tag of chain.tags) {
    const put = await call(emu, {
      method: 'PUT',
      path: `/v2/${repository}/manifests/${tag}`,
      headers: { 'Content-Type': other.mediaType },
      body: other.bytes,
      bearer,
    });
    attempts.push({ what: `push :${tag}`, status: put.status });
    const del = await call(emu, { method: 'DELETE', path: `/v2/${repository}/manifests/${tag}`, bearer });
    attempts.push({ what: `delete :${tag}`, status: del.status });
  }
  return attempts;
}
