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

/** Parse a wire message; tagged objects become typed arrays again. Throws on malformed JSON. */
export function decodeWire<T extends ClientMessage | ServerMessage>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (isTagged(value)) {
      const bytes = base64ToBytes(value.b64);
      const Ctor = constructors[value.$ta];
      return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    return value;
  }) as T;
}

function isTagged(value: unknown): value is TaggedArray {
  return typeof value === 'object' && value !== null && '$ta' in value && 'b64' in value && typeof (value as TaggedArray).$ta === 'string' && (value as TaggedArray).$ta in constructors;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const lookup = new Uint8Array(128);
for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;

// Environment-free base64 (src-shared has neither Buffer nor btoa).
function bytesToBase64(bytes: Uint8Array): string {
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
