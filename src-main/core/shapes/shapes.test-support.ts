import { ShapeSchema } from '../../../src-shared/settings/shape';
import { ShapeDecoder, type MessageMeta, type ShapeResult } from './shape-decoder';

const encoder = new TextEncoder();

/** Kafka-like metadata; override what a test needs. */
export function meta(overrides: Partial<MessageMeta> = {}): MessageMeta {
  return { key: encoder.encode('key-station'), topic: 'city/north/readings', recordTimestampMs: Date.UTC(2026, 0, 2, 3, 4, 5, 6), receivedAt: Date.UTC(2026, 0, 2, 3, 4, 6), ...overrides };
}

/** UTF-8 bytes of a text, or of a value as JSON. */
export function bytes(value: unknown): Uint8Array {
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** A decoder for a shape given as unparsed settings (defaults filled in by ShapeSchema). */
export function shapeDecoder(shape: unknown): ShapeDecoder {
  return new ShapeDecoder(ShapeSchema.parse(shape));
}

/** Decodes one message with a shape. */
export function decodeWith(shape: unknown, message: unknown, metadata: MessageMeta = meta()): ShapeResult {
  return shapeDecoder(shape).decode(bytes(message), metadata);
}

/** The reason of a rejection, or 'ok'. */
export function outcomeOf(result: ShapeResult): string {
  return result.ok ? 'ok' : result.reason;
}
