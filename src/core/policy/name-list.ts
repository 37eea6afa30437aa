import { grown } from './grow-array.js';

/** The longest run of character codes handed to String.fromCharCode at once (its arguments are on the stack). */
const DECODE_RUN = 4096;

/**
 * An append-only list of names (tags) stored one byte per character, end to end: a 50,000-tag
 * repository's names take their length in bytes, not 50,000 strings for the collector to carry. A
 * name with a character beyond U+00FF (not a valid tag, but a registry may send one) is kept as given.
 */
export class NameList {
  private bytes: Uint8Array;
  /** Where each name ends in `bytes`. */
  private ends: Int32Array;
  private used = 0;
  private count = 0;
  private readonly wide = new Map<number, string>();

  /** `expected`: about how many names will come (room made for them at once, 16 bytes each; more still fit). */
  constructor(expected = 64) {
    const room = Math.max(64, expected);
    this.ends = new Int32Array(room);
    this.bytes = new Uint8Array(room * 16);
  }

  get length(): number {
    return this.count;
  }

  add(name: string): number {
    const index = this.count;
    this.ends = grown(this.ends, index + 1);
    this.bytes = grown(this.bytes, this.used + name.length);
    let i = 0;
    for (; i < name.length; i += 1) {
      const code = name.charCodeAt(i);
      if (code > 0xff) break;
      this.bytes[this.used + i] = code;
    }
    if (i < name.length) this.wide.set(index, name);
    else this.used += name.length;
    this.ends[index] = this.used;
    this.count += 1;
    return index;
  }

  get(index: number): string {
    if (index < 0 || index >= this.count) throw new RangeError(`no name ${index} of ${this.count}`);
    const wide = this.wide.get(index);
    if (wide !== undefined) return wide;
    const start = index === 0 ? 0 : (this.ends[index - 1] ?? 0);
    const end = this.ends[index] ?? 0;
    let text = '';
    for (let at = start; at < end; at += DECODE_RUN)
      text += String.fromCharCode(...this.bytes.subarray(at, Math.min(end, at + DECODE_RUN)));
    return text;
  }
}
