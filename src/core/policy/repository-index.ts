import { ATTRIBUTE_NAMES, type LockAttributes } from '../model/attributes.js';
import { DigestTable } from './digest-table.js';
import { grown } from './grow-array.js';
import type { ManifestListing, TagListing } from './listing.js';
import type { RepositoryCounts } from '../registry/registry-client.js';
import { NameList } from './name-list.js';

/** Every combination of the four attributes, by bit (write 1, delete 2, read 4, list 8), in listing order. */
const ATTRIBUTE_SETS: readonly LockAttributes[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze(
    Object.fromEntries(ATTRIBUTE_NAMES.map((name, i) => [name, (bits & (1 << i)) !== 0])) as LockAttributes,
  ),
);

function bitsOf(attributes: LockAttributes): number {
  return ATTRIBUTE_NAMES.reduce((bits, name, i) => (attributes[name] ? bits | (1 << i) : bits), 0);
}

function attributesOf(bits: number | undefined): LockAttributes {
  return ATTRIBUTE_SETS[bits ?? 0] as LockAttributes;
}

/** More is not made room for at once (about 10 MB of columns); a larger repository's grow as they fill. */
const MOST_ROOM = 100_000;

/** Room for a count the registry reported (64 when none; at most MOST_ROOM). */
function roomFor(count: number | undefined): number {
  return count !== undefined && Number.isSafeInteger(count) && count > 64 ? Math.min(count, MOST_ROOM) : 64;
}

/**
 * One repository's tag and manifest listings as an audit holds them while it cross-references them
 * (tag → manifest, manifest → tags, index → children): in columns of numbers, names stored a byte per
 * character and digests as interned bytes — about 65 bytes an object (6.5 MB for 50,000 tags on as
 * many manifests) instead of a few hundred in listing objects, and almost nothing for the garbage
 * collector to carry (what survives collections is what makes V8 grow its heap). Objects are handed
 * out again as listings, made on request. A manifest's time is not kept (no audit report uses it).
 */
export class RepositoryIndex {
  private readonly digests: DigestTable;
  private readonly tagNames: NameList;
  private tagDigests: Int32Array;
  /** NaN: the registry gave no time. */
  private tagTimes: Float64Array;
  private tagBits: Uint8Array;

  private manifestDigests: Int32Array;
  private manifestBits: Uint8Array;
  /** The tags each manifest's listing names, end to end; where each manifest's end. */
  private readonly listedTags: NameList;
  private listedTagEnds: Int32Array;
  /** An index's children (digest ids), end to end; where each manifest's end. */
  private children = new Int32Array(16);
  private childEnds: Int32Array;
  private childrenUsed = 0;
  private manifests = 0;
  /** By digest id: the manifest listed under it, plus one (0: none). */
  private manifestByDigest: Int32Array;
  /** The tags pointing at each manifest, in listing order (built once both listings are in). */
  private tagsByManifest?: { readonly ends: Int32Array; readonly tags: Int32Array };

  constructor(
    readonly repository: string,
    /** Absent when the repository's own attributes were not read. */
    readonly attributes?: LockAttributes,
    /**
     * The repository's counts as the registry reports them, to make room once: columns that double as
     * they fill leave their old copies to the collector, as much again as they hold (at 50,000 tags
     * the peak was several MB higher). Only a hint: the listings may hold fewer (list-disabled objects
     * are counted, not listed), more (pushed since), or the counts may be wrong; each is capped.
     */
    expected?: RepositoryCounts,
  ) {
    const tags = roomFor(expected?.tags);
    const manifests = roomFor(expected?.manifests);
    this.digests = new DigestTable(manifests);
    this.tagNames = new NameList(tags);
    this.tagDigests = new Int32Array(tags);
    this.tagTimes = new Float64Array(tags);
    this.tagBits = new Uint8Array(tags);
    this.manifestDigests = new Int32Array(manifests);
    this.manifestBits = new Uint8Array(manifests);
    this.listedTags = new NameList(tags);
    this.listedTagEnds = new Int32Array(manifests);
    this.childEnds = new Int32Array(manifests);
    this.manifestByDigest = new Int32Array(manifests);
  }

  get tagCount(): number {
    return this.tagNames.length;
  }

  get manifestCount(): number {
    return this.manifests;
  }

  addTags(page: readonly TagListing[]): void {
    this.tagsByManifest = undefined;
    const needed = this.tagNames.length + page.length;
    this.tagDigests = grown(this.tagDigests, needed);
    this.tagTimes = grown(this.tagTimes, needed);
    this.tagBits = grown(this.tagBits, needed);
    for (const tag of page) {
      const t = this.tagNames.add(tag.name);
      this.tagDigests[t] = this.digests.intern(tag.digest);
      this.tagTimes[t] = tag.lastUpdatedMs ?? Number.NaN;
      this.tagBits[t] = bitsOf(tag.attributes);
    }
  }

  addManifests(page: readonly ManifestListing[]): void {
    this.tagsByManifest = undefined;
    const needed = this.manifests + page.length;
    this.manifestDigests = grown(this.manifestDigests, needed);
    this.manifestBits = grown(this.manifestBits, needed);
    this.listedTagEnds = grown(this.listedTagEnds, needed);
    this.childEnds = grown(this.childEnds, needed);
    for (const manifest of page) {
      const id = this.digests.intern(manifest.digest);
      this.manifestDigests[this.manifests] = id;
      this.manifestBits[this.manifests] = bitsOf(manifest.attributes);
      for (const tag of manifest.tags) this.listedTags.add(tag);
      this.listedTagEnds[this.manifests] = this.listedTags.length;
      this.children = grown(this.children, this.childrenUsed + manifest.children.length);
      for (const child of manifest.children) this.children[this.childrenUsed++] = this.digests.intern(child);
      this.childEnds[this.manifests] = this.childrenUsed;
      this.manifests += 1;
      this.manifestByDigest = grown(this.manifestByDigest, this.digests.size);
      this.manifestByDigest[id] = this.manifests;
    }
  }

  tag(index: number): TagListing {
    const time = this.tagTimes[index] ?? Number.NaN;
    return {
      repository: this.repository,
      name: this.tagNames.get(index),
      digest: this.digests.text(this.tagDigests[index] ?? -1),
      ...(Number.isNaN(time) ? {} : { lastUpdatedMs: time }),
      attributes: this.tagAttributes(index),
    };
  }

  tagAttributes(index: number): LockAttributes {
    return attributesOf(this.tagBits[index]);
  }

  manifest(index: number): ManifestListing {
    const tagsFrom = index === 0 ? 0 : (this.listedTagEnds[index - 1] ?? 0);
    const childrenFrom = index === 0 ? 0 : (this.childEnds[index - 1] ?? 0);
    const tags: string[] = [];
    for (let t = tagsFrom; t < (this.listedTagEnds[index] ?? 0); t += 1) tags.push(this.listedTags.get(t));
    const children: string[] = [];
    for (let c = childrenFrom; c < (this.childEnds[index] ?? 0); c += 1)
      children.push(this.digests.text(this.children[c] ?? -1));
    return {
      repository: this.repository,
      digest: this.digests.text(this.manifestDigests[index] ?? -1),
      attributes: this.manifestAttributes(index),
      tags,
      children,
    };
  }

  /** How many children an image index lists (0: a single image). */
  childCount(index: number): number {
    return (this.childEnds[index] ?? 0) - (index === 0 ? 0 : (this.childEnds[index - 1] ?? 0));
  }

  manifestAttributes(index: number): LockAttributes {
    return attributesOf(this.manifestBits[index]);
  }

  /** The manifest listed under a digest, or -1 (not listed: list disabled, or deleted since). */
  manifestOf(digest: string): number {
    const id = this.digests.find(digest);
    return id < 0 ? -1 : (this.manifestByDigest[id] ?? 0) - 1;
  }

  /** The manifest listed under the tag's digest, or -1. */
  manifestOfTag(tag: number): number {
    return (this.manifestByDigest[this.tagDigests[tag] ?? -1] ?? 0) - 1;
  }

  /** The tags listed as pointing at a manifest, in listing order. */
  tagsOf(manifest: number): number[] {
    const { ends, tags } = (this.tagsByManifest ??= this.groupTags());
    const from = manifest === 0 ? 0 : (ends[manifest - 1] ?? 0);
    return Array.from(tags.subarray(from, ends[manifest] ?? 0));
  }

  /** The tags grouped by manifest in two passes (count, then place), keeping listing order. */
  private groupTags(): { ends: Int32Array; tags: Int32Array } {
    const ends = new Int32Array(this.manifests);
    for (let t = 0; t < this.tagCount; t += 1) {
      const m = this.manifestOfTag(t);
      if (m >= 0) ends[m] = (ends[m] ?? 0) + 1;
    }
    for (let m = 1; m < this.manifests; m += 1) ends[m] = (ends[m] ?? 0) + (ends[m - 1] ?? 0);
    const next = new Int32Array(this.manifests);
    for (let m = 1; m < this.manifests; m += 1) next[m] = ends[m - 1] ?? 0;
    const tags = new Int32Array(this.manifests === 0 ? 0 : (ends[this.manifests - 1] ?? 0));
    for (let t = 0; t < this.tagCount; t += 1) {
      const m = this.manifestOfTag(t);
      if (m < 0) continue;
      const at = next[m] ?? 0;
      tags[at] = t;
      next[m] = at + 1;
    }
    return { ends, tags };
  }
}
