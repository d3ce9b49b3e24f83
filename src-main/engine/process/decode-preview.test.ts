/**
 * The decoding preview's decoding half (previewOf): messages as the peek returns them, each shown beside
 * its readings with units and time source, or its rejection; the better preset suggested when one fits more.
 */
import { describe, expect, it } from 'vitest';
import { DecoderSchema } from '../../../src-shared/settings/schema';
import { ShapeSchema } from '../../../src-shared/settings/shape';
import type { PeekedMessage } from '../../adapters/kafka/peek-messages';
import { previewOf } from './decode-preview';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const decoder = DecoderSchema.parse({});
const text = (s: string) => new TextEncoder().encode(s);

function message(offset: number, value: string | null, key: string | null = null): PeekedMessage {
  return { topic: 'etl', partition: 0, offset: String(offset), timestampMs: NOW - 60_000 + offset, key: key === null ? null : text(key), value: value === null ? null : text(value) };
}

const PYTHON = [message(1, "{'station_id': 'station_3fa9c1d2e', 'temperature': 24.7, 'ok': True, 'note': None}"), message(2, "{'station_id': 'station_3fa9c1d2e', 'temperature': 24.9}")];

describe('previewOf', () => {
  it('takes MQTT\'s station from topic level for messages that name none, as the pipeline does', () => {
    const onTopic: PeekedMessage = { ...message(1, '{"ts":"2026-12-06T11:58:00Z","temperature":21}'), topic: 'city/st-07/readings' };
    const shape = ShapeSchema.parse({ preset: 'flat', station: { from: 'field', path: 'station_id' }, time: { path: 'ts' } });
    expect(previewOf([onTopic], shape, decoder, NOW).samples[0]!.outcome).toMatchObject({ ok: false, reason: 'no-station' });
    const preview = previewOf([onTopic], shape, decoder, NOW, 1);
    expect(preview.decoded).toBe(1);
    expect(preview.samples[0]!.outcome).toMatchObject({ ok: true, readings: [{ stationId: 'st-07' }] });
  });

  it('with our wire format, shows Python dicts refused and suggests the Python preset that decodes them', () => {
    const preview = previewOf(PYTHON, ShapeSchema.parse({ preset: 'stationwatch' }), decoder, NOW);
    expect(preview.decoded).toBe(0);
    expect(preview.samples.map((s) => s.outcome.ok)).toEqual([false, false]);
    expect(preview.samples[0]!.outcome).toMatchObject({ reason: 'not-json' });
    expect(preview.samples[0]!.raw).toContain("'station_id'");
    expect(preview.samples[0]!.position).toBe('etl / partition 0 @ 1');
    expect(preview.suggestion).toMatchObject({ shape: { preset: 'python-dict' }, decoded: 2 });
  });

  it('with the Python preset, shows each reading with its unit and the record timestamp as its time', () => {
    const preview = previewOf(PYTHON, ShapeSchema.parse({ preset: 'python-dict' }), decoder, NOW);
    expect(preview.decoded).toBe(2);
    expect(preview.suggestion).toBeNull();
    expect(preview.samples[0]!.outcome).toEqual({
      ok: true,
      readings: [{ stationId: 'station_3fa9c1d2e', ts: NOW - 60_000 + 1, timeSource: 'record', metrics: [{ name: 'temperature', value: 24.7, unit: '°C' }] }],
    });
  });

  it('applies the decoder checks the live path applies: a time too far in the future is refused', () => {
    const future = new Date(NOW + 3_600_000).toISOString();
    const preview = previewOf([message(1, `{"station_id":"s1","ts":"${future}","temperature":20}`)], ShapeSchema.parse({ preset: 'stationwatch' }), decoder, NOW);
    expect(preview.samples[0]!.outcome).toMatchObject({ ok: false, reason: 'future-time' });
  });

  it('says what a tombstone and bytes that are not text are, without failing', () => {
    const binary: PeekedMessage = { ...message(2, null), value: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) };
    const preview = previewOf([message(1, null), binary], ShapeSchema.parse({ preset: 'stationwatch' }), decoder, NOW);
    expect(preview.samples[0]!.raw).toBe('(no value: a tombstone)');
    expect(preview.samples[1]!.raw).toBe('(not UTF-8 text) fffe0041');
    expect(preview.samples.every((s) => !s.outcome.ok)).toBe(true);
  });
});
