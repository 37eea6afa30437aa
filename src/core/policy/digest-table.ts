import { grown } from './grow-array.js';

const SHA256 = /^sha256:[0-9a-f]{64}$/;
const SHA256_BYTES = 32;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * Digests interned as small numbers, so an audit can cross-reference a repository's tags and manifests
 * without holding their digest strings: a `sha256:` digest is kept as its 32 bytes in one buffer, found
 * again through an open-addressing table keyed by its first bytes (uniformly random). Any other form
 * (another algorithm, upper-case hex) is kept as given.
 */
export class DigestTable {
  private bytes: Uint8Array;
  /** Entries are id + 1; 0 is free. A power of two, kept at most half full. */
  private slots: Int32Array;
  private readonly others = new Map<string, number>();
  private readonly otherText = new Map<number, string>();
  private count = 0;
  private readonly scratch = new Uint8Array(SHA256_BYTES);

  /** `expected`: about how many digests will come (room made for them at once; more still fit). */
  constructor(expected = 64) {
    const room = Math.max(64, expected);
    this.bytes = new Uint8Array(SHA256_BYTES * room);
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(room * 2)));
  }

  get size(): number {
    return this.count;
  }

  /** The digest's id, added if new. */
  intern(digest: string): number {
    if (!SHA256.test(digest)) {
      const known = this.others.get(digest);
      if (known !== undefined) return known;
      const id = this.count++;
      this.others.set(digest, id);
      this.otherText.set(id, digest);
      return id;
    }
    this.parse(digest);
    const slot = this.slotOf();
    const found = this.slots[slot] ?? 0;
    if (found !== 0) return found - 1;
    const id = this.count++;
    this.bytes = grown(this.bytes, (id + 1) * SHA256_BYTES);
    this.bytes.set(this.scratch, id * SHA256_BYTES);
    this.slots[slot] = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  /** The digest's id, or -1 when it was never interned. */
  find(digest: string): number {
    if (!SHA256.test(digest)) return this.others.get(digest) ?? -1;
    this.parse(digest);
    return (this.slots[this.slotOf()] ?? 0) - 1;
  }

  text(id: number): string {
    if (id < 0 || id >= this.count) throw new RangeError(`no digest ${id} of ${this.count}`);
    const other = this.otherText.get(id);
    if (other !== undefined) return other;
    let text = 'sha256:';
    for (let i = id * SHA256_BYTES; i < (id + 1) * SHA256_BYTES; i += 1) text += HEX[this.bytes[i] ?? 0];
    return text;
  }

  /** Into `scratch`: the 32 bytes of a digest SHA256 matched (lower-case hex after `sha256:`). */
  private parse(digest: string): void {
    for (let i = 0; i < SHA256_BYTES; i += 1)
      this.scratch[i] = (nibble(digest.charCodeAt(7 + i * 2)) << 4) | nibble(digest.charCodeAt(8 + i * 2));
  }

  /** The slot holding the scratch digest, or the free slot where it belongs. */
  private slotOf(): number {
    const mask = this.slots.length - 1;
    const s = this.scratch;
    let slot = ((s[0] ?? 0) | ((s[1] ?? 0) << 8) | ((s[2] ?? 0) << 16) | ((s[3] ?? 0) << 24)) & mask;
    for (;;) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0 || this.sameAsScratch(entry - 1)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private sameAsScratch(id: number): boolean {
    const at = id * SHA256_BYTES;
    for (let i = 0; i < SHA256_BYTES; i += 1) if (this.bytes[at + i] !== this.scratch[i]) return false;
    return true;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (const entry of old) {
      if (entry === 0) continue;
      this.scratch.set(this.bytes.subarray((entry - 1) * SHA256_BYTES, entry * SHA256_BYTES));
      this.slots[this.slotOf()] = entry;
    }
  }
}

/** `0`–`9`, `a`–`f` as a number. */
function nibble(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}
