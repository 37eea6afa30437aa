import type { ItemResult, KindCounts, RunReport, Via } from '../model/result.js';

export interface TreeRow {
  readonly item: ItemResult;
  /** 0 for what the user named; one more per step down the tree (tag → index → platform → referrer). */
  readonly depth: number;
}

/**
 * The items as a tree per image, in the order the user named the images: each object right under the
 * one it was found from (`parent`), depth first. An object whose parent is not in the image's group
 * (reached first through another image) hangs directly under that image's root.
 */
export function treeRows(report: RunReport): TreeRow[] {
  const targets: string[] = [];
  const groups = new Map<string, ItemResult[]>();
  for (const item of report.items) {
    let group = groups.get(item.target);
    if (!group) {
      group = [];
      groups.set(item.target, group);
      targets.push(item.target);
    }
    group.push(item);
  }
  const rows: TreeRow[] = [];
  for (const target of targets) {
    const group = groups.get(target) ?? [];
    const refs = new Set(group.map((i) => i.ref));
    const children = new Map<string | undefined, ItemResult[]>();
    for (const item of group) {
      // Failures reported about an object (its referrers could not be listed) sit under it.
      const parent = item.parent !== undefined && refs.has(item.parent) ? item.parent : undefined;
      const siblings = children.get(parent) ?? [];
      siblings.push(item);
      children.set(parent, siblings);
    }
    const placed = new Set<ItemResult>();
    const walk = (item: ItemResult, depth: number) => {
      if (placed.has(item)) return;
      placed.add(item);
      rows.push({ item, depth });
      // A failure about an object (its referrers could not be listed) carries the object's ref: a leaf.
      if (item.parent === item.ref) return;
      for (const child of children.get(item.ref) ?? []) walk(child, depth + 1);
    };
    const roots = children.get(undefined) ?? [];
    const named = roots.filter((i) => i.role === 'target');
    for (const root of named) walk(root, 0);
    for (const orphan of roots.filter((i) => i.role !== 'target')) walk(orphan, named.length > 0 ? 1 : 0);
  }
  return rows;
}

const VIA_LABEL: Readonly<Record<Via, string>> = {
  tag: 'of tag',
  index: 'index child',
  'referrers-api': 'referrers API',
  'fallback-tag': 'fallback tag',
  'cosign-tag': 'cosign tag',
};

/** What an object is and how it was found: `manifest (index child)`, `manifest (application/spdx+json, referrers API)`. */
export function whatLabel(item: ItemResult): string {
  if (item.role === 'target') return item.kind;
  const details = [item.artifactType, item.via !== undefined ? VIA_LABEL[item.via] : undefined].filter(
    (d): d is string => d !== undefined,
  );
  if (item.role === 'referrer' && item.via === undefined) details.unshift('referrer');
  return details.length > 0 ? `${item.kind} (${details.join(', ')})` : item.kind;
}

/** `sha256-<64 hex>.sig` → `sha256-<12 hex>….sig`: cosign and fallback tag names, short enough for a table. */
export function shortTagName(tag: string): string {
  return tag.replace(/^(sha256-[0-9a-f]{12})[0-9a-f]{52}/, '$1…');
}

export function countKinds(items: readonly ItemResult[]): KindCounts {
  const count = (test: (i: ItemResult) => boolean) => items.filter(test).length;
  return {
    tags: count((i) => i.kind === 'tag'),
    manifests: count((i) => i.kind === 'manifest' && (i.role === 'target' || i.role === 'manifest')),
    platforms: count((i) => i.kind === 'manifest' && i.role === 'child'),
    referrers: count((i) => i.kind === 'manifest' && i.role === 'referrer'),
    repositories: count((i) => i.kind === 'repository'),
  };
}

const KIND_WORDS: ReadonlyArray<[keyof KindCounts, string, string]> = [
  ['tags', 'tag', 'tags'],
  ['manifests', 'manifest', 'manifests'],
  ['platforms', 'platform manifest', 'platform manifests'],
  ['referrers', 'referrer', 'referrers'],
  ['repositories', 'repository', 'repositories'],
];

/** `1 tag, 1 manifest, 2 platform manifests, 6 referrers` (kinds with none left out). */
export function describeKinds(counts: KindCounts): string {
  return KIND_WORDS.filter(([key]) => counts[key] > 0)
    .map(([key, one, many]) => `${counts[key]} ${counts[key] === 1 ? one : many}`)
    .join(', ');
}
