/** The Health page's late readings by station: who uploads in batches, and the lateness that would take them. */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { defaultSettings } from '../../src-shared/settings/schema';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('late readings by station', () => {
  it('names the station that uploaded its last 30 minutes in one go, and suggests a lateness that would have taken them', async () => {
    let now = T0 + 1_800_000;
    const pipeline = new Pipeline({ settings: defaultSettings(), store: new MemoryStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    // Station a reports live for 30 minutes; logger b was offline and uploads its 30 minutes afterwards.
    for (let s = 0; s < 1_800; s += 10) await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'a', ts: T0 + s * 1000, metrics: { temperature: 20 } }] });
    await pipeline.onBatch({ kind: 'readings', readings: Array.from({ length: 180 }, (_, i) => ({ stationId: 'b', ts: T0 + i * 10_000, metrics: { temperature: 21 } })) });
    now += 1_000;
    const lateness = pipeline.lateness();
    expect(lateness.stations.map((s) => s.stationId)).toEqual(['b']);
    const b = lateness.stations[0]!;
    // Readings older than the allowed 5 s behind a's newest time (T0 + 1,790 s) are late: all but the newest.
    expect(b.late).toBe(pipeline.counters().late);
    expect(b.late).toBeGreaterThan(170);
    expect(b.maxBehindMs).toBe(1_790_000);
    expect(lateness).toMatchObject({ allowedMs: defaultSettings().windows.allowedLatenessMs, suggestedMs: 1_790_000 });
  });

  it('reports nothing while every reading is on time', async () => {
    const now = T0 + 60_000;
    const pipeline = new Pipeline({ settings: defaultSettings(), store: new MemoryStore(), now: () => now, onFrame: () => undefined, onAlarm: () => undefined });
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'a', ts: T0, metrics: { temperature: 20 } }] });
    expect(pipeline.lateness()).toMatchObject({ stations: [], suggestedMs: null });
  });
});
