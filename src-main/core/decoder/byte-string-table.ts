import { FNV_OFFSET, FNV_PRIME } from './flat-record';

/**
 * Turns short ASCII byte runs (JSON keys, station ids) into strings without allocating on a hit:
 * an open-addressing table keyed by an FNV-1a hash of the bytes. At most `limit` strings are kept,
 * so hostile input cannot grow it; past the limit a miss just builds a fresh string.
 */
export class ByteStringTable {
  private readonly hashes: Int32Array;
  private readonly strings: (string | undefined)[];
  private readonly mask: number;
  private readonly limit: number;
  private size = 0;
  /** Per slot, the last `generation` passed to markSlot (finds repeated keys in one message). */
  private readonly marks: Int32Array;
  /** Slot of the last intern() result, or -1 when the table was full and the string is not stored. */
  lastSlot = -1;

  constructor(limit: number) {
    this.limit = Math.max(1, limit);
    let capacity = 16;
    while (capacity < this.limit * 2) capacity *= 2; // load factor ≤ 0.5 keeps probes short
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.strings = new Array<string | undefined>(capacity);
    this.marks = new Int32Array(capacity);
  }

  /** Marks the slot of the last intern() with `generation`; true if it already carried it (or is not stored). */
  markLast(generation: number): boolean {
    const slot = this.lastSlot;
    if (slot < 0 || this.marks[slot] === generation) return true;
    this.marks[slot] = generation;
    return false;
  }

  /** Stores `text` itself (e.g. a configured key), so later lookups of its bytes return this very instance. */
  seed(text: string): void {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7e) return; // non-ASCII keys never take the byte path anyway
      bytes[i] = code;
    }
    const hash = hashBytes(bytes, 0, bytes.length);
    let slot = hash & this.mask;
    while (this.strings[slot] !== undefined) {
      if (this.strings[slot] === text) return;
      slot = (slot + 1) & this.mask;
    }
    this.strings[slot] = text;
    this.hashes[slot] = hash;
    this.size++;
  }

  /** The string of bytes[start, end), which the caller guarantees to be ASCII. */
  intern(bytes: Uint8Array, start: number, end: number): string {
    return this.internHashed(bytes, start, end, hashBytes(bytes, start, end));
  }

  /** intern() when the caller already has hashBytes(bytes, start, end). */
  internHashed(bytes: Uint8Array, start: number, end: number, hash: number): string {
    let slot = hash & this.mask;
    for (;;) {
      const existing = this.strings[slot];
      if (existing === undefined) break;
      if (this.hashes[slot] === hash && sameAscii(existing, bytes, start, end)) {
        this.lastSlot = slot;
        return existing;
      }
      slot = (slot + 1) & this.mask;
    }
    const text = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
    this.lastSlot = -1;
    if (this.size < this.limit) {
      this.strings[slot] = text;
      this.hashes[slot] = hash;
      this.marks[slot] = 0;
      this.lastSlot = slot;
      this.size++;
    }
    return text;
  }
}

/** FNV-1a over bytes[start, end), as a signed 32-bit integer. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
  return hash;
}

function sameAscii(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
