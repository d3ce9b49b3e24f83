import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { defaultSettings, SettingsSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';
import { MemoryStore } from '../memory/memory-store';
import { Pipeline } from '../../core/pipeline';
import { HttpPushSource, MAX_WAITING_PUSHES, NEEDS_HEADLESS } from './http-push-source';

const T = Date.UTC(2026, 0, 5, 8, 0, 0);
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

/** A store whose raw-reading writes wait until the test releases them. */
class GatedStore extends MemoryStore {
  private gates: (() => void)[] = [];
  override async writeReadings(readings: readonly Reading[]): Promise<void> {
    await new Promise<void>((resolve) => this.gates.push(resolve));
    await super.writeReadings(readings);
  }
  release(): void {
    for (const open of this.gates.splice(0)) open();
  }
  get waiting(): number {
    return this.gates.length;
  }
}

function rawSettings(): Settings {
  return SettingsSchema.parse({ ...defaultSettings(), store: { ...defaultSettings().store, rawReadings: true } });
}

async function started(settings: Settings, store: MemoryStore, acceptsPushes = true): Promise<{ source: HttpPushSource; pipeline: Pipeline; states: string[] }> {
  const now = (): number => T + 60_000;
  const states: string[] = [];
  const pipeline = new Pipeline({ settings, store, now, onFrame: () => undefined, onAlarm: () => undefined, onSourceStatus: (state, detail) => states.push(`${state}: ${detail}`) });
  const source = new HttpPushSource({ shape: { preset: 'stationwatch' }, maxBodyBytes: 1_048_576, keys: settings.decoder, storeRaw: settings.store.rawReadings, acceptsPushes, now });
  await source.start(pipeline);
  return { source, pipeline, states };
}

describe('HttpPushSource', () => {
  it('answers only once the raw readings are durable', async () => {
    const store = new GatedStore();
    const { source } = await started(rawSettings(), store);
    let answered = false;
    const answer = source.push('ingest', encode([{ station_id: 's1', ts: new Date(T).toISOString(), temperature: 4 }, { station_id: 's2', ts: new Date(T).toISOString(), temperature: 5 }])).then((outcome) => {
      answered = true;
      return outcome;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.waiting).toBeGreaterThan(0);
    expect(answered).toBe(false);
    store.release();
    expect(await answer).toEqual({ status: 'accepted', readings: 2, duplicates: 0, rejected: [] });
    expect(store.readings.length).toBe(2);
  });

  it('counts a resend as duplicates and keeps one copy', async () => {
    const store = new MemoryStore();
    const { source } = await started(rawSettings(), store);
    const body = encode({ station_id: 's1', ts: new Date(T).toISOString(), temperature: 4, humidity: 60 });
    expect(await source.push('ingest', body)).toMatchObject({ status: 'accepted', readings: 1, duplicates: 0 });
    expect(await source.push('ingest', body)).toMatchObject({ status: 'accepted', readings: 1, duplicates: 1 });
    expect(store.readings.length).toBe(1);
  });

  it('counts a resend of a long batch of one station as duplicates, beyond what the duplicate filter remembers', async () => {
    const store = new MemoryStore();
    const { source, pipeline } = await started(rawSettings(), store);
    const readings = Array.from({ length: 300 }, (_, i) => ({ station_id: 'phone-1', ts: new Date(T + i * 100).toISOString(), pressure: 1000 + (i % 17) }));
    const body = encode(readings);
    expect(await source.push('ingest', body)).toMatchObject({ status: 'accepted', readings: 300, duplicates: 0 });
    expect(await source.push('ingest', body)).toMatchObject({ status: 'accepted', readings: 300, duplicates: 300 });
    // The same readings in a body written differently reach the pipeline, whose filter knows only the last 64.
    const reformatted = await source.push('ingest', encode(JSON.stringify(readings.slice(-64), null, 1)));
    expect(reformatted).toMatchObject({ status: 'accepted', readings: 64, duplicates: 64 });
    expect(store.readings.length).toBe(300);
    expect(pipeline.counters().readings).toBe(300);
  });

  it('refuses a malformed body with its reason and quarantines its bytes', async () => {
    const { source, pipeline } = await started(defaultSettings(), new MemoryStore());
    const outcome = await source.push('ingest', encode('{"station_id": "s1", '));
    expect(outcome).toMatchObject({ status: 'refused', reason: 'not-json' });
    const [entry] = pipeline.quarantined(1);
    expect(entry).toMatchObject({ reason: 'not-json', topic: 'http-push', partition: 0 });
    expect(entry?.sample).toContain('"station_id": "s1"');
  });

  it('reports readings the pipeline refused (a time far in the future) with their reason', async () => {
    const { source } = await started(defaultSettings(), new MemoryStore());
    const outcome = await source.push('ingest', encode([{ station_id: 's1', ts: new Date(T).toISOString(), temperature: 4 }, { station_id: 's1', ts: '2099-01-01T00:00:00Z', temperature: 5 }]));
    expect(outcome).toMatchObject({ status: 'accepted', readings: 1, rejected: [{ reason: 'future-time' }] });
  });

  it('decodes the Sensor Logger route with its preset whatever the profile shape is', async () => {
    const { source } = await started(defaultSettings(), new MemoryStore());
    const ns = BigInt(T) * 1_000_000n;
    const body = `{"messageId":1,"sessionId":"x","deviceId":"phone-1","payload":[{"name":"pressure","time":${ns},"pressure":1013.2},{"name":"pressure","time":${ns + 1_000_000n},"pressure":1013.4}]}`;
    expect(await source.push('sensor-logger', encode(body))).toMatchObject({ status: 'accepted', readings: 2 });
    expect(await source.push('ingest', encode(body))).toMatchObject({ status: 'refused' });
  });

  it('takes nothing outside headless mode, and says why in its status', async () => {
    const { source, states } = await started(defaultSettings(), new MemoryStore(), false);
    expect(states).toContain(`disconnected: ${NEEDS_HEADLESS}`);
    expect(await source.push('ingest', encode({ station_id: 's1', ts: new Date(T).toISOString(), temperature: 4 }))).toEqual({ status: 'unavailable', detail: NEEDS_HEADLESS });
  });

  it('takes nothing while paused (the store is behind)', async () => {
    const { source } = await started(defaultSettings(), new MemoryStore());
    source.pause();
    expect(await source.push('ingest', encode({ station_id: 's1', ts: new Date(T).toISOString(), temperature: 4 }))).toMatchObject({ status: 'unavailable' });
  });
});

describe('HttpPushSource under load', () => {
  it('answers unavailable at once past MAX_WAITING_PUSHES, and takes the rest', async () => {
    const store = new GatedStore();
    const { source } = await started(rawSettings(), store);
    const body = (i: number): Uint8Array => encode({ station_id: 's1', ts: new Date(T + i * 1000).toISOString(), temperature: i });
    const pushes = Array.from({ length: MAX_WAITING_PUSHES + 5 }, (_, i) => source.push('ingest', body(i)));
    const early = await Promise.race([Promise.all(pushes.slice(MAX_WAITING_PUSHES)), new Promise((resolve) => setTimeout(() => resolve('late'), 200))]);
    expect(early).toEqual(Array.from({ length: 5 }, () => expect.objectContaining({ status: 'unavailable' })));
    const release = setInterval(() => store.release(), 5);
    const taken = await Promise.all(pushes.slice(0, MAX_WAITING_PUSHES));
    clearInterval(release);
    expect(taken.every((outcome) => outcome.status === 'accepted')).toBe(true);
    expect(store.readings.length).toBe(MAX_WAITING_PUSHES);
  });
});
