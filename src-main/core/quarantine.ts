import type { SourcePosition } from '../../src-shared/domain/reading';
import type { QuarantinedMessage } from '../../src-shared/ipc/status';

/** What the pipeline hands over for a refused message. */
export interface QuarantineInput {
  readonly reason: string;
  readonly detail: string;
  /** The raw payload; a string for rejected structured readings; null for none (tombstone). */
  readonly bytes: Uint8Array | string | null;
  readonly position: SourcePosition | null;
  /** Wall-clock time of the rejection, epoch ms. */
  readonly at: number;
}

/** Quarantine sizes. */
export interface QuarantineOptions {
  readonly capacity: number;
  /** Longest sample kept, in UTF-16 units (an ellipsis marks a cut). */
  readonly maxSampleChars: number;
}

const DEFAULTS: QuarantineOptions = { capacity: 500, maxSampleChars: 2_000 };

/**
 * The last `capacity` refused messages, for the health view and the store, plus per-reason
 * counts that never reset. Bounded whatever arrives: hostile input costs a ring slot, not memory.
 */
export class Quarantine {
  private readonly options: QuarantineOptions;
  private readonly ring: (QuarantinedMessage | undefined)[];
  private readonly counts = new Map<string, number>();
  /** Replaces invalid UTF-8 with U+FFFD: a sample must always be text. */
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false });
  private next = 0;
  private size = 0;
  private undrained = 0;
  private total = 0;

  constructor(options: Partial<QuarantineOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.ring = new Array<QuarantinedMessage | undefined>(Math.max(1, this.options.capacity));
  }

  /** Keeps a refused message (evicting the oldest when full) and counts its reason. */
  add(input: QuarantineInput): QuarantinedMessage {
    const { bytes, position } = input;
    const entry: QuarantinedMessage = {
      at: input.at,
      reason: input.reason,
      detail: input.detail,
      sample: this.sample(bytes),
      sizeBytes: bytes === null ? 0 : typeof bytes === 'string' ? utf8Length(bytes) : bytes.length,
      topic: position?.topic ?? null,
      partition: position?.partition ?? null,
      offset: position?.offset ?? null,
    };
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.ring.length;
    if (this.size < this.ring.length) this.size++;
    if (this.undrained < this.ring.length) this.undrained++;
    this.total++;
    this.counts.set(input.reason, (this.counts.get(input.reason) ?? 0) + 1);
    return entry;
  }

  /** Up to `limit` entries, newest first. */
  list(limit: number = this.size): QuarantinedMessage[] {
    return this.latest(Math.min(Math.max(0, Math.floor(limit)), this.size)).reverse();
  }

  /** Entries added since the last drain, oldest first (at most `capacity`: older ones were evicted). */
  drainNew(): QuarantinedMessage[] {
    const entries = this.latest(this.undrained);
    this.undrained = 0;
    return entries;
  }

  /** Messages refused since start, per reason; never reset. */
  countsByReason(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Messages refused since start. */
  get totalCount(): number {
    return this.total;
  }

  /** The newest `count` entries, oldest first. */
  private latest(count: number): QuarantinedMessage[] {
    const out: QuarantinedMessage[] = [];
    const length = this.ring.length;
    for (let i = count; i > 0; i--) {
      const entry = this.ring[(this.next - i + length) % length];
      if (entry !== undefined) out.push(entry);
    }
    return out;
  }

  /**
   * The payload as text: invalid UTF-8 becomes U+FFFD, NUL becomes U+FFFD too (PostgreSQL text
   * cannot hold it), and long payloads are cut without splitting a surrogate pair.
   */
  private sample(bytes: Uint8Array | string | null): string {
    if (bytes === null) return '';
    const max = this.options.maxSampleChars;
    // A UTF-8 character of one UTF-16 unit takes at most 3 bytes, so 3 × max bytes always suffice.
    const text = typeof bytes === 'string' ? bytes.slice(0, max + 1) : this.utf8.decode(bytes.subarray(0, max * 3 + 3));
    const isCut = text.length > max || (typeof bytes !== 'string' && bytes.length > max * 3 + 3);
    let end = Math.min(text.length, max);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const kept = text.slice(0, end).replaceAll('\u0000', '\uFFFD');
    return isCut ? kept + '…' : kept;
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : code >= 0xdc00 && code <= 0xdfff ? 0 : 3;
  }
  return bytes;
}
