// Read and set lock state straight in the emulator's store, in the report's compact notation
// (`W- D- R+ L+`), so expectations read like the job summary.
import { ATTRIBUTE_NAMES, DEFAULT_ATTRIBUTES, type LockAttributes } from '../../src/core/model/attributes.js';
import { compactAttributes } from '../../src/core/report/render-attributes.js';
import type { RegistryStore } from '../../src/emulator/index.js';

/** `W- D- R+ L+` → attributes. */
export function attributes(compact: string): LockAttributes {
  const signs = compact.split(' ').map((part) => part.endsWith('+'));
  return Object.fromEntries(
    ATTRIBUTE_NAMES.map((name, i) => [name, signs[i] ?? true]),
  ) as unknown as LockAttributes;
}

export function tagState(store: RegistryStore, repository: string, tag: string): string {
  return compactAttributes(store.getTag(repository, tag)?.attributes);
}

export function manifestState(store: RegistryStore, repository: string, digest: string): string {
  return compactAttributes(store.getManifest(repository, digest)?.attributes);
}

export function repositoryState(store: RegistryStore, repository: string): string {
  return compactAttributes(store.getRepository(repository)?.attributes);
}

/** Sets a tag and the manifest it points to. */
export function setImageState(store: RegistryStore, repository: string, tag: string, compact: string): void {
  const digest = store.getTag(repository, tag)?.digest;
  if (!digest) throw new Error(`no tag ${repository}:${tag}`);
  store.updateTagAttributes(repository, tag, attributes(compact));
  store.updateManifestAttributes(repository, digest, attributes(compact));
}

/** Every repository, tag and manifest back to the defaults. */
export function resetAll(store: RegistryStore): void {
  for (const repository of store.listRepositories()) {
    store.updateRepositoryAttributes(repository, DEFAULT_ATTRIBUTES);
    for (const tag of store.listTags(repository))
      store.updateTagAttributes(repository, tag.name, DEFAULT_ATTRIBUTES);
    for (const m of store.listManifests(repository))
      store.updateManifestAttributes(repository, m.digest, DEFAULT_ATTRIBUTES);
  }
}
