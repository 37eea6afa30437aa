import {
  DEFAULT_ATTRIBUTES,
  type DesiredAttributes,
  type LockAttributes,
} from '../../src/core/model/attributes.js';
import type { ManifestListing, TagListing } from '../../src/core/policy/listing.js';
import type { ListingOrder, ListingRegistry } from '../../src/core/policy/listing-port.js';

interface Tag {
  digest: string;
  lastUpdatedMs: number;
  attributes: LockAttributes;
}
interface Manifest {
  lastUpdatedMs: number;
  children: string[];
  attributes: LockAttributes;
}

/**
 * A registry held in memory for the runners' unit tests: pages like ACR's listings (list-disabled
 * objects hidden, `newest-first` by last update), counts reads and writes. The emulator-backed tests
 * run the same runners over HTTPS.
 */
export class MemoryListingRegistry implements ListingRegistry {
  readonly tags = new Map<string, Map<string, Tag>>();
  readonly manifests = new Map<string, Map<string, Manifest>>();
  reads = 0;
  writes = 0;
  /** Reads by kind, e.g. `tags newest-first`, `manifest`. */
  readonly readLog: string[] = [];
  private clock = 1_000_000;

  constructor(readonly pageSize = 3) {}

  push(
    repository: string,
    tag: string,
    digest: string,
    options: { children?: string[]; atMs?: number } = {},
  ): this {
    const at = options.atMs ?? (this.clock += 1000);
    const manifests = this.repo(this.manifests, repository);
    if (!manifests.has(digest)) {
      manifests.set(digest, {
        lastUpdatedMs: at,
        children: options.children ?? [],
        attributes: { ...DEFAULT_ATTRIBUTES },
      });
    }
    for (const child of options.children ?? []) {
      if (!manifests.has(child))
        manifests.set(child, { lastUpdatedMs: at - 1, children: [], attributes: { ...DEFAULT_ATTRIBUTES } });
    }
    const existing = this.repo(this.tags, repository).get(tag);
    this.repo(this.tags, repository).set(tag, {
      digest,
      lastUpdatedMs: at,
      attributes: existing ? existing.attributes : { ...DEFAULT_ATTRIBUTES },
    });
    return this;
  }

  tag(repository: string, tag: string): Tag {
    const found = this.tags.get(repository)?.get(tag);
    if (!found) throw new Error(`no tag ${repository}:${tag}`);
    return found;
  }

  manifest(repository: string, digest: string): Manifest {
    const found = this.manifests.get(repository)?.get(digest);
    if (!found) throw new Error(`no manifest ${repository}@${digest}`);
    return found;
  }

  async *listRepositoryPages(): AsyncGenerator<readonly string[]> {
    yield* this.paged([...this.tags.keys()].sort(), 'catalog');
  }

  async *listTagPages(repository: string, order: ListingOrder): AsyncGenerator<readonly TagListing[]> {
    const items = [...(this.tags.get(repository) ?? new Map<string, Tag>())]
      .filter(([, t]) => t.attributes.listEnabled)
      .map(([name, t]): TagListing => ({ repository, name, ...t, attributes: { ...t.attributes } }));
    yield* this.paged(
      sorted(items, (t) => t.name, order),
      `tags ${order}`,
    );
  }

  async *listManifestPages(
    repository: string,
    order: ListingOrder,
  ): AsyncGenerator<readonly ManifestListing[]> {
    const tagsOf = (digest: string): string[] =>
      [...(this.tags.get(repository) ?? [])].filter(([, t]) => t.digest === digest).map(([n]) => n);
    const items = [...(this.manifests.get(repository) ?? new Map<string, Manifest>())]
      .filter(([, m]) => m.attributes.listEnabled)
      .map(([digest, m]): ManifestListing => ({
        repository,
        digest,
        tags: tagsOf(digest),
        children: [...m.children],
        lastUpdatedMs: m.lastUpdatedMs,
        attributes: { ...m.attributes },
      }));
    yield* this.paged(
      sorted(items, (m) => m.digest, order),
      `manifests ${order}`,
    );
  }

  async getRepository(): Promise<{ attributes: LockAttributes }> {
    this.read('repository');
    return { attributes: { ...DEFAULT_ATTRIBUTES } };
  }

  async getManifest(
    repository: string,
    digest: string,
  ): Promise<{ attributes: LockAttributes; children: string[]; tags: string[] }> {
    this.read('manifest');
    const m = this.manifest(repository, digest);
    const tags = [...(this.tags.get(repository) ?? [])]
      .filter(([, t]) => t.digest === digest)
      .map(([n]) => n);
    return { attributes: { ...m.attributes }, children: [...m.children], tags };
  }

  async updateTag(
    repository: string,
    tag: string,
    changes: DesiredAttributes,
  ): Promise<{ attributes: LockAttributes; digest: string }> {
    this.writes += 1;
    const t = this.tag(repository, tag);
    t.attributes = { ...t.attributes, ...changes };
    return { attributes: { ...t.attributes }, digest: t.digest };
  }

  async updateManifest(
    repository: string,
    digest: string,
    changes: DesiredAttributes,
  ): Promise<{ attributes: LockAttributes }> {
    this.writes += 1;
    const m = this.manifest(repository, digest);
    m.attributes = { ...m.attributes, ...changes };
    return { attributes: { ...m.attributes } };
  }

  private read(kind: string): void {
    this.reads += 1;
    this.readLog.push(kind);
  }

  private async *paged<T>(items: readonly T[], kind: string): AsyncGenerator<readonly T[]> {
    // Every page is one request, the empty first page of an empty listing included.
    for (let i = 0; i === 0 || i < items.length; i += this.pageSize) {
      this.read(kind);
      yield items.slice(i, i + this.pageSize);
    }
  }

  private repo<T>(map: Map<string, Map<string, T>>, repository: string): Map<string, T> {
    let inner = map.get(repository);
    if (!inner) map.set(repository, (inner = new Map()));
    return inner;
  }
}

function sorted<T extends { lastUpdatedMs?: number }>(
  items: T[],
  key: (t: T) => string,
  order: ListingOrder,
): T[] {
  const byKey = (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return order === 'newest-first'
    ? items.sort((a, b) => (b.lastUpdatedMs ?? 0) - (a.lastUpdatedMs ?? 0) || byKey(a, b))
    : items.sort(byKey);
}
