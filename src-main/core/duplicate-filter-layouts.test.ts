/**
 * The duplicate filter when more metric-name lists pass than it keeps for reuse: a ring entry must still say
 * which metrics its reading brought (ids reused round robin once read a later list, so a station's second board
 * was dropped as a duplicate, and a resent narrow feed of 40 metrics was counted twice in every window).
 * Found by a review; each case failed with reused ids.
 */
import { describe, expect, it } from 'vitest';
import { DuplicateFilter } from './duplicate-filter';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { RawMessage } from '../../src-shared/domain/reading';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const enc = new TextEncoder();

/** A pipeline of 10-s windows that stores raw readings, in memory. */
function narrowPipeline(): { pipeline: Pipeline; store: MemoryStore } {
  const base = defaultSettings();
  const settings = { ...base, windows: { ...base.windows, sizesMs: [10_000], allowedLatenessMs: 0 }, store: { ...base.store, rawReadings: true } };
  const store = new MemoryStore();
  return { pipeline: new Pipeline({ settings, store, now: () => T0 + 600_000, onFrame: () => undefined, onAlarm: () => undefined }), store };
}

const reading = (stationId: string, ts: number, ...names: string[]) => ({ stationId, ts, metrics: Object.fromEntries(names.map((n) => [n, 1])) });

describe('duplicate filter with more metric-name lists than it keeps for reuse (32)', () => {
  it('filter: a second board of a station is not a duplicate because another station brought 32 other layouts meanwhile', () => {
    const filter = new DuplicateFilter();
    expect(filter.isDuplicateReading(reading('a', 1_000, 'temperature'))).toBe(false);
    // 31 other layouts elsewhere (ids 1..31), then 'pressure' alone: id 0 is reused for it.
    for (let i = 0; i < 31; i++) expect(filter.isDuplicateReading(reading('b', 2_000 + i, `m${i}`))).toBe(false);
    expect(filter.isDuplicateReading(reading('c', 1_000, 'pressure'))).toBe(false);
    // Station a's pressure at 1000 was never seen.
    expect(filter.isDuplicateReading(reading('a', 1_000, 'pressure'))).toBe(false);
  });

  it('pipeline: narrow records of 40 metrics, two stations interleaved, are all stored', async () => {
    const { pipeline, store } = narrowPipeline();
    const messages: RawMessage[] = [];
    let offset = 0;
    const ts = new Date(T0).toISOString();
    for (let m = 0; m < 40; m++) {
      for (const station of ['st-a', 'st-b']) {
        messages.push({ value: enc.encode(JSON.stringify({ station_id: station, ts, metric: `m${m}`, value: m })), position: { topic: 't', partition: 0, offset: String(offset++) }, receivedAt: T0 + 600_000 });
      }
    }
    await pipeline.onBatch({ kind: 'raw', messages });
    await pipeline.flush();
    const counters = pipeline.counters();
    const stored = new Map<string, number>();
    for (const r of store.readings) stored.set(r.stationId, (stored.get(r.stationId) ?? 0) + Object.keys(r.metrics).length);
    expect({ duplicates: counters.duplicates, readings: counters.readings, stored: Object.fromEntries(stored) }).toEqual({ duplicates: 0, readings: 80, stored: { 'st-a': 40, 'st-b': 40 } });
  });
});

describe('a narrow feed of more than 32 metrics, resent', () => {
  it('the resend is all duplicates; windows count each value once', async () => {
    const { pipeline, store } = narrowPipeline();
    let offset = 0;
    const ts = new Date(T0).toISOString();
    const pass = (): RawMessage[] => Array.from({ length: 40 }, (_, m) => ({ value: enc.encode(JSON.stringify({ station_id: 'st-a', ts, metric: `m${m}`, value: m })), position: { topic: 't', partition: 0, offset: String(offset++) }, receivedAt: T0 + 600_000 }));
    await pipeline.onBatch({ kind: 'raw', messages: pass() });
    await pipeline.onBatch({ kind: 'raw', messages: pass() }); // e.g. an MQTT QoS 1 redelivery: new journal sequences
    // A reading a minute later closes the window.
    await pipeline.onBatch({ kind: 'raw', messages: [{ value: enc.encode(JSON.stringify({ station_id: 'zz', ts: new Date(T0 + 60_000).toISOString(), x: 1 })), position: { topic: 't', partition: 0, offset: String(offset++) }, receivedAt: T0 + 600_000 }] });
    await pipeline.flush();
    const counts = [...store.windows.values()].filter((w) => w.stationId === 'st-a').map((w) => w.count);
    expect({ duplicates: pipeline.counters().duplicates, windowCountsAbove1: counts.filter((c) => c > 1).length, windows: counts.length }).toEqual({ duplicates: 40, windowCountsAbove1: 0, windows: 40 });
  });
});
