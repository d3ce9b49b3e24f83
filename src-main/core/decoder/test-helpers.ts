import { DecoderSchema, type DecoderSettings } from '../../../src-shared/settings/schema';
import { Decoder } from './decoder';
import type { DecodeResult } from './reject-reason';

/** 2026-11-23T10:15:00.000Z, the wall clock of the decoder tests. */
export const NOW = Date.UTC(2026, 10, 23, 10, 15, 0);

const encoder = new TextEncoder();

/** A decoder with default settings overridden by `overrides`. */
export function makeDecoder(overrides: Partial<DecoderSettings> = {}): Decoder {
  return new Decoder(DecoderSchema.parse(overrides));
}

/** UTF-8 bytes of `text`, or of `value` as JSON. */
export function bytesOf(value: unknown): Uint8Array {
  return encoder.encode(typeof value === 'string' ? value : JSON.stringify(value));
}

/** A well-formed wide record. */
export function wideRecord(stationId = 'st-07', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { station_id: stationId, ts: '2026-11-23T10:15:00.120Z', temperature: 24.1, humidity: 61.2, ...extra };
}

/** The rejection reason of `result`, or 'ok'. */
export function outcome(result: DecodeResult): string {
  return result.ok ? 'ok' : result.reason;
}
