import type { TestMutation } from '../emulator-options.js';
import { formatAcrTime } from '../store/clock.js';
import type {
  ChangeableAttributes,
  ManifestRecord,
  RegistryStore,
  RepositoryRecord,
  TagRecord,
} from '../store/registry-store.js';

/** `/acr/v1` bodies, keys in the order the recordings show; `mutation` is test-only (TestMutation). */
function attributesView(a: Readonly<ChangeableAttributes>, mutation?: TestMutation): ChangeableAttributes {
  const swap = mutation === 'swap-write-delete';
  return {
    deleteEnabled: swap ? a.writeEnabled : a.deleteEnabled,
    writeEnabled: swap ? a.deleteEnabled : a.writeEnabled,
    readEnabled: a.readEnabled,
    listEnabled: a.listEnabled,
  };
}

export function repositoryView(
  loginServer: string,
  store: RegistryStore,
  repo: RepositoryRecord,
  mutation?: TestMutation,
): object {
  const manifestCount = store.manifestCount(repo.name);
  const tagCount = store.tagCount(repo.name);
  const swapCounts = mutation === 'swap-manifest-tag-count';
  return {
    registry: loginServer,
    imageName: repo.name,
    createdTime: formatAcrTime(repo.createdMs),
    lastUpdateTime: formatAcrTime(repo.lastUpdateMs),
    manifestCount: swapCounts ? tagCount : manifestCount,
    tagCount: swapCounts ? manifestCount : tagCount,
    changeableAttributes: attributesView(repo.attributes, mutation),
  };
}

export function tagView(tag: TagRecord, mutation?: TestMutation): object {
  return {
    name: tag.name,
    digest: tag.digest,
    createdTime: formatAcrTime(tag.createdMs),
    lastUpdateTime: formatAcrTime(tag.lastUpdateMs),
    signed: false,
    changeableAttributes: attributesView(tag.attributes, mutation),
  };
}

/** An index has no platform or config of its own but lists `references`; `tags` only when tagged. */
export function manifestView(m: ManifestRecord, tags: readonly string[], mutation?: TestMutation): object {
  const view: Record<string, unknown> = {
    digest: m.digest,
    imageSize: m.imageSize,
    createdTime: formatAcrTime(m.createdMs),
    lastUpdateTime: formatAcrTime(m.lastUpdateMs),
  };
  if (m.architecture !== undefined) view.architecture = m.architecture;
  if (m.os !== undefined) view.os = m.os;
  view.mediaType = m.mediaType;
  if (m.configMediaType !== undefined) view.configMediaType = m.configMediaType;
  if (tags.length > 0) view.tags = [...tags];
  view.changeableAttributes = attributesView(m.attributes, mutation);
  if (m.references.length > 0) view.references = m.references.map((r) => ({ ...r }));
  return view;
}
