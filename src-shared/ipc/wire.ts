/**
 * The WebSocket form of the IPC contract (headless mode). JSON, with typed arrays carried as
 * base64 so frames keep their columnar shape end to end.
 */
import type { EventName, EventPayloads, RequestName } from './contract';
import type { Envelope } from './envelope';

export type ClientMessage = { readonly t: 'req'; readonly id: number; readonly name: RequestName; readonly args: unknown };

export type ServerMessage =
  /** The answer to request `id`, in the envelope every transport uses (src-shared/ipc/envelope.ts). */
  | ({ readonly t: 'res'; readonly id: number } & Envelope)
  | { readonly t: 'evt'; readonly name: EventName; readonly payload: EventPayloads[EventName] }
  /** `person`: the named operator a token belongs to (headless mode), shown in the header. */
  | { readonly t: 'hello'; readonly role: 'viewer' | 'operator'; readonly person?: string };

type TypedArrayName = 'Float64Array' | 'Float32Array' | 'Uint32Array' | 'Int32Array' | 'Uint16Array' | 'Uint8Array';
interface TaggedArray {
  readonly $ta: TypedArrayName;
  readonly b64: string;
}

const constructors = { Float64Array, Float32Array, Uint32Array, Int32Array, Uint16Array, Uint8Array } as const;

/** Serialise a wire message; typed arrays become tagged base64 objects. */
export function encodeWire(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = value.constructor.name as TypedArrayName;
      if (name in constructors) return { $ta: name, b64: bytesToBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) } satisfies TaggedArray;
    }
    return value;
  });
}

/**
 * Parse a wire message; tagged objects become typed arrays again. Throws on malformed JSON or base64.
 * Parsed first and walked after: a reviver would be called for every value of a frame (issue 17: decoding
 * the frames was the renderer's largest cost at city scale).
 */
export function decodeWire<T extends ClientMessage | ServerMessage>(text: string): T {
  return revive(JSON.parse(text)) as T;
}

/** The parsed value with its tagged objects replaced by typed arrays (in place; a hostile "__proto__" key stays a plain property). */
function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isTagged(value)) return typedArrayOf(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const revived = revive(item);
      if (revived !== item) value[i] = revived;
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item !== 'object' || item === null) continue;
    const revived = revive(item);
    if (revived !== item) Object.defineProperty(record, key, { value: revived, writable: true, enumerable: true, configurable: true });
  }
  return value;
}

function typedArrayOf(tagged: TaggedArray): ArrayBufferView {
  const Ctor = constructors[tagged.$ta];
  const bytes = base64ToBytes(tagged.b64);
  if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new RangeError(`${tagged.$ta} of ${bytes.byteLength} bytes`);
  return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
}

function isTagged(value: unknown): value is TaggedArray {
  return typeof value === 'object' && value !== null && '$ta' in value && 'b64' in value && typeof (value as TaggedArray).$ta === 'string' && Object.hasOwn(constructors, (value as TaggedArray).$ta) && typeof (value as TaggedArray).b64 === 'string';
}

/** The platform's own base64, where it has one: Node's Buffer (the server), Uint8Array.fromBase64 (Chromium 140+). */
interface NativeBase64 {
  readonly Buffer?: { from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string } };
}
interface Uint8ArrayFromBase64 {
  fromBase64?(text: string): Uint8Array;
}
const nodeBuffer = (globalThis as NativeBase64).Buffer;
const fromBase64 = (Uint8Array as Uint8ArrayFromBase64).fromBase64;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Uint8Array(128);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

// Base64 with the platform's own where there is one, else in script (src-shared assumes neither Buffer nor btoa).
function bytesToBase64(bytes: Uint8Array): string {
  if (nodeBuffer !== undefined) return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + (i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? alphabet[n & 63]! : '=');
    if (chunk.length > 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

function base64ToBytes(text: string): Uint8Array {
  // A copy of its own, so its buffer starts at 0 and any typed array view fits.
  if (fromBase64 !== undefined) return fromBase64.call(Uint8Array, text);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const length = (text.length / 4) * 3 - padding;
  // Aligned to 8 bytes so any typed array view can sit on it.
  const out = new Uint8Array(new ArrayBuffer(Math.ceil(length / 8) * 8), 0, length);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = (lookup[text.charCodeAt(i)]! << 18) | (lookup[text.charCodeAt(i + 1)]! << 12) | (lookup[text.charCodeAt(i + 2)]! << 6) | lookup[text.charCodeAt(i + 3)]!;
    if (o < length) out[o++] = (n >> 16) & 255;
    if (o < length) out[o++] = (n >> 8) & 255;
    if (o < length) out[o++] = n & 255;
  }
  return out;
}
