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

  it('suggests nothing while the profile\'s shape decodes some messages: its refusals may be right', () => {
    // Flat, station from the key, local times in Amsterdam: five good records, one without a key, one in the hour
    // skipped on 2026-03-29, one an hour in the future. Before: "the flat preset decodes 8 of these 8" with every
    // station named after the topic and the times read as UTC — taking it would have corrupted them all.
    const at = (local: string, key: string | null, offset: number) => message(offset, `{"date_time":"${local}","temp":${20 + offset / 10}}`, key);
    const messages = [1, 2, 3, 4, 5].map((k) => at(`2026-12-06 12:5${k}:00`, `st-${k}`, k));
    messages.push(at('2026-12-06 12:56:00', null, 6), at('2026-03-29 02:30:00', 'st-7', 7), at('2026-12-06 14:30:00', 'st-8', 8));
    const shape = ShapeSchema.parse({ preset: 'flat', station: { from: 'key' }, time: { path: 'date_time', zone: 'Europe/Amsterdam' } });
    const preview = previewOf(messages, shape, decoder, NOW);
    expect(preview.decoded).toBe(5);
    expect(preview.samples.slice(5).map((sample) => sample.outcome.ok || sample.outcome.reason)).toEqual(['no-station', 'bad-time', 'future-time']);
    expect(preview.suggestion).toBeNull();
  });

  it('a suggestion counts only messages whose readings would be accepted, and names what it guessed', () => {
    // Zone-less times in a topic without keys, none decoding with our wire format; one of them in the future.
    const messages = [1, 2, 3].map((k) => message(k, `{"date_time":"2026-12-06 11:5${k}:00","temp":2${k}}`));
    messages.push(message(4, '{"date_time":"2026-12-06 14:00:00","temp":24}'));
    const preview = previewOf(messages, ShapeSchema.parse({ preset: 'stationwatch' }), decoder, NOW);
    expect(preview.decoded).toBe(0);
    expect(preview.suggestion).toMatchObject({ shape: { preset: 'flat', station: { from: 'topic' } }, decoded: 3 });
    expect(preview.suggestion!.detail).toContain('every message under one station, named after the topic');
    expect(preview.suggestion!.detail).toContain('times without a zone read as UTC');
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
