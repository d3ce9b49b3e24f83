/**
 * The pipeline with another system's message shape: raw Kafka messages decoded by the shape (several
 * readings per message, the record timestamp as event time), each reading checked by the decoder and
 * aggregated like our own; a refused reading refuses its message whole. Windows are checked against a
 * brute-force reference over the values sent.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import { ShapeSchema } from '../../src-shared/settings/shape';
import type { ShapeSettings } from '../../src-shared/settings/shape';
import type { RawMessage } from '../../src-shared/domain/reading';

const encoder = new TextEncoder();
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function pipelineWith(shape: ShapeSettings) {
  const base = defaultSettings();
  const settings = { ...base, windows: { ...base.windows, sizesMs: [10_000], allowedLatenessMs: 0 }, store: { ...base.store, rawReadings: true } };
  const store = new MemoryStore();
  const pipeline = new Pipeline({ settings, store, now: () => T0 + 600_000, onFrame: () => undefined, onAlarm: () => undefined, shape });
  return { pipeline, store };
}

function message(offset: number, text: string, meta: Partial<RawMessage> = {}): RawMessage {
  return { value: encoder.encode(text), position: { topic: 'etl', partition: 0, offset: String(offset) }, receivedAt: T0 + 600_000, ...meta };
}

describe('pipeline with a message shape', () => {
  it('decodes Python dicts timed by the Kafka record timestamp and aggregates them like our own readings', async () => {
    const { pipeline, store } = pipelineWith(ShapeSchema.parse({ preset: 'python-dict' }));
    const values = Array.from({ length: 25 }, (_, i) => 20 + ((i * 7) % 11) / 10);
    const messages = values.map((v, i) => message(i, `{'station_id': 'st-9', 'temperature': ${v}, 'ok': True, 'note': None}`, { recordTimestampMs: T0 + i * 1000 }));
    await pipeline.onBatch({ kind: 'raw', messages });
    await pipeline.flush();
    expect(pipeline.counters().readings).toBe(25);
    // Brute force: the 10-s windows [T0, T0+10 s) and [T0+10 s, T0+20 s) are closed by the later readings.
    for (const start of [T0, T0 + 10_000]) {
      const inWindow = values.filter((_, i) => T0 + i * 1000 >= start && T0 + i * 1000 < start + 10_000);
      const stored = [...store.windows.values()].find((w) => w.stationId === 'st-9' && w.metric === 'temperature' && w.start === start);
      expect(stored, `window at +${(start - T0) / 1000} s`).toBeDefined();
      expect(stored!.count).toBe(inWindow.length);
      expect(stored!.mean).toBeCloseTo(inWindow.reduce((a, b) => a + b, 0) / inWindow.length, 12);
      expect(stored!.max).toBe(Math.max(...inWindow));
    }
  });

  it('takes the station the source names (MQTT\'s topic level) when the shape finds none in the message; one the message names wins', async () => {
    const { pipeline, store } = pipelineWith(ShapeSchema.parse({ preset: 'python-dict', time: { path: 'ts', otherwise: 'arrival' }, stationNames: { 'py-02': 'Parkland' } }));
    const at = { receivedAt: T0 + 600_000, topic: 'city/py-02/readings', station: 'py-02' };
    await pipeline.onBatch({ kind: 'raw', messages: [message(0, "{'temperature': 25.7, 'humidity': 41}", at), message(1, "{'station_id': 'st-3', 'temperature': 20.5}", { ...at, receivedAt: T0 + 601_000 })] });
    await pipeline.flush();
    // Before: the first was refused 'no-station' with every shape but our own.
    expect(pipeline.counters().rejected).toEqual({});
    expect(store.readings.map((r) => r.stationId)).toEqual(['Parkland', 'st-3']);
  });

  it('with our own format, takes a message that holds an array of readings, as HTTP push does (MQTT refused it "not-object")', async () => {
    const base = defaultSettings();
    const store = new MemoryStore();
    const pipeline = new Pipeline({ settings: { ...base, store: { ...base.store, rawReadings: true } }, store, now: () => T0 + 600_000, onFrame: () => undefined, onAlarm: () => undefined });
    const at = (s: number) => new Date(T0 + s * 1000).toISOString();
    const batch = ` [{"station_id":"mq-1","ts":"${at(0)}","temperature":21.5},{"station_id":"mq-2","ts":"${at(1)}","temperature":22.5,"humidity":40}]`;
    await pipeline.onBatch({ kind: 'raw', messages: [message(0, batch), message(1, `{"station_id":"mq-3","ts":"${at(2)}","temperature":23.5}`)] });
    await pipeline.flush();
    expect(pipeline.counters().rejected).toEqual({});
    expect(store.readings.map((r) => [r.stationId, r.metrics])).toEqual([['mq-1', { temperature: 21.5 }], ['mq-2', { temperature: 22.5, humidity: 40 }], ['mq-3', { temperature: 23.5 }]]);
  });

  it('an array of our readings decodes as the same readings one by one: extra fields, a byte-order mark, the topic\'s station', async () => {
    const base = defaultSettings();
    const readingsOf = async (text: string | Uint8Array, meta: Partial<RawMessage> = {}) => {
      const store = new MemoryStore();
      const pipeline = new Pipeline({ settings: { ...base, store: { ...base.store, rawReadings: true } }, store, now: () => T0 + 600_000, onFrame: () => undefined, onAlarm: () => undefined });
      await pipeline.onBatch({ kind: 'raw', messages: [{ value: typeof text === 'string' ? encoder.encode(text) : text, position: { topic: 'etl', partition: 0, offset: '0' }, receivedAt: T0 + 600_000, ...meta }] });
      await pipeline.flush();
      return store.readings;
    };
    const bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]);
    for (const [record, meta] of [[`{"station_id":"a","ts":"${new Date(T0).toISOString()}","temperature":21,"tag":{"x":1}}`, {}], [`{"ts":"${new Date(T0).toISOString()}","temperature":21}`, { station: 'tp' }]] as const) {
      const one = await readingsOf(record, meta);
      expect(one).toHaveLength(1);
      expect(await readingsOf(`[${record}]`, meta)).toEqual(one);
      // Before: an array after a byte-order mark was refused 'not-object'.
      expect(await readingsOf(bom(`[${record}]`), meta)).toEqual(one);
    }
  });

  it('quarantines a refused MQTT message under its own topic, not the local journal\'s', async () => {
    const { pipeline } = pipelineWith(ShapeSchema.parse({ preset: 'python-dict' }));
    await pipeline.onBatch({ kind: 'raw', messages: [{ value: encoder.encode('garbage'), position: { topic: 'mqtt-journal', partition: 0, offset: '7' }, receivedAt: T0, topic: 'city/st-04/readings' }] });
    expect(pipeline.quarantined(1)[0]).toMatchObject({ reason: 'not-literal', topic: 'city/st-04/readings', partition: 0, offset: '7' });
  });

  it('takes every reading of a Sensor Logger batch, and refuses a batch whole when one of its readings is refused', async () => {
    const { pipeline } = pipelineWith(ShapeSchema.parse({ preset: 'sensor-logger' }));
    const ns = (ms: number) => `${ms}000000`;
    const good = `{"messageId":1,"sessionId":"s","deviceId":"phone-1","payload":[{"name":"pressure","time":${ns(T0)},"pressure":1013.2},{"name":"pressure","time":${ns(T0 + 1000)},"pressure":1013.4}]}`;
    const badStation = `{"messageId":2,"sessionId":"s","deviceId":"*","payload":[{"name":"pressure","time":${ns(T0 + 2000)},"pressure":1013.1}]}`;
    await pipeline.onBatch({ kind: 'raw', messages: [message(0, good), message(1, badStation), message(2, 'not a batch')] });
    await pipeline.flush();
    const counters = pipeline.counters();
    expect(counters.readings).toBe(2);
    expect(Object.values(counters.rejected).reduce((a, b) => a + b, 0)).toBe(2);
    expect(pipeline.quarantined(10).map((q) => q.offset).sort()).toEqual(['1', '2']);
  });
});
